import {
  boundaryTimer,
  buildProcess,
  chain,
  end,
  flow,
  Instance,
  serviceTask,
  start,
  timerCatch,
  userTask,
} from '../../__tests__/builders';
import type { ClockEvent } from '../types';
import { at, iso, UK } from './fixtures';

/** Process variables of a complaint received Monday 5 January 2026, 09:00 London, with two clocks. */
const variables = (): Record<string, unknown> => ({
  calendar: UK,
  clocks: {
    finalResponse: {
      budget: 'P15BD',
      stopOnStage: 'resolution',
      events: [{ id: 'r1', kind: 'start', at: at('2026-01-05T09:00:00Z') }],
    },
    ombudsman: { budget: 'P6M', startOnStage: 'resolution', breachAlert: false, events: [] },
  },
});

const change = (id: string, kind: ClockEvent['kind'], when: string, reason?: string): ClockEvent => ({
  id,
  kind,
  at: at(when),
  ...(reason ? { reason } : {}),
});

describe('timers on deadline clocks in the interpreter', () => {
  const model = buildProcess(
    [
      start('s'),
      userTask('investigate'),
      boundaryTimer('warn', 'investigate', 'clock:finalResponse-P5BD', false),
      serviceTask('escalate', 'escalate'),
      end('warned'),
      serviceTask('answer', 'notify', { stage: 'resolution' }),
      end('e'),
    ],
    [...chain('s', 'investigate', 'answer', 'e'), flow('warn', 'escalate'), flow('escalate', 'warned')],
  );

  it('should arm a boundary timer at the clock deadline minus 5 business days', () => {
    // given a complaint whose 15-business-day clock started on Monday 5 January
    const instance = new Instance(model, variables(), at('2026-01-05T09:00:00Z'));
    // then the warning timer fires on Monday 19 January (10 business days later)
    const [timer] = instance.last('startTimer');
    expect(iso(timer?.fireAt)).toBe('2026-01-19T09:00:00.000Z');
    expect(instance.waitAt('warn', 'timer').clock).toBe('clock:finalResponse-P5BD');
  });

  it('should put the timer to sleep while the clock is paused and re-arm it later when resumed', () => {
    // given the armed warning timer
    const instance = new Instance(model, variables(), at('2026-01-05T09:00:00Z'));
    const armed = instance.waitAt('warn', 'timer');

    // when the clock pauses (waiting for the customer) on Tuesday
    instance.advance(24 * 3_600_000);
    instance.send({
      type: 'clockChanged',
      now: instance.now,
      clock: 'finalResponse',
      change: change('p1', 'pause', '2026-01-06T09:00:00Z', 'waiting_for_customer'),
    });

    // then the timer is cancelled and its wait sleeps without a fire time
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: armed.id, kind: 'timer', elementId: 'warn' },
    ]);
    expect(instance.last('startTimer')).toEqual([]);
    expect(instance.waitAt('warn', 'timer').fireAt).toBeUndefined();
    expect(instance.last('clockChanged')).toEqual([
      {
        type: 'clockChanged',
        clock: 'finalResponse',
        change: change('p1', 'pause', '2026-01-06T09:00:00Z', 'waiting_for_customer'),
      },
    ]);

    // when it resumes a week later, on Tuesday 13 January
    instance.send({
      type: 'clockChanged',
      now: at('2026-01-13T09:00:00Z'),
      clock: 'finalResponse',
      change: change('r2', 'resume', '2026-01-13T09:00:00Z'),
    });

    // then the timer is armed again, 5 business days later than first planned
    const [rearmed] = instance.last('startTimer');
    expect(iso(rearmed?.fireAt)).toBe('2026-01-26T09:00:00.000Z');
    // and the first timer's late firing no longer counts
    expect(instance.send({ type: 'timerFired', now: at('2026-01-19T09:00:00Z'), waitId: armed.id })).toEqual(
      [],
    );
  });

  it('should NOT apply the same clock event twice', () => {
    const instance = new Instance(model, variables(), at('2026-01-05T09:00:00Z'));
    const pause = change('p1', 'pause', '2026-01-06T09:00:00Z', 'waiting_for_customer');
    instance.send({ type: 'clockChanged', now: pause.at, clock: 'finalResponse', change: pause });
    const before = instance.state;
    expect(
      instance.send({ type: 'clockChanged', now: pause.at, clock: 'finalResponse', change: pause }),
    ).toEqual([]);
    expect(instance.state).toBe(before);
  });

  it('should stop and start clocks on the stages they name, and let their timers sleep', () => {
    // given a complaint under investigation
    const instance = new Instance(model, variables(), at('2026-01-05T09:00:00Z'));
    // when the answer is given (stage resolution) on 7 January
    instance.advance(2 * 24 * 3_600_000).completeTask('investigate');
    // then the final-response clock stops and the 6-month ombudsman window opens
    expect(instance.last('clockChanged').map((c) => [c.clock, c.change.kind, iso(c.change.at)])).toEqual([
      ['finalResponse', 'stop', '2026-01-07T09:00:00.000Z'],
      ['ombudsman', 'start', '2026-01-07T09:00:00.000Z'],
    ]);
    const clocks = instance.state.variables.clocks as Record<string, { events: unknown[] }>;
    expect(clocks.ombudsman?.events).toHaveLength(1);
  });

  it("should wait business days on the complaint's calendar, and raise an incident for an unknown clock", () => {
    const waitTwoDays = buildProcess([start('s'), timerCatch('t', 'P2BD'), end('e')], chain('s', 't', 'e'));
    // given Christmas Eve 2025 at 09:00 / then two business days later is Tuesday 30 December
    const instance = new Instance(waitTwoDays, { calendar: UK }, at('2025-12-24T09:00:00Z'));
    expect(iso(instance.last('startTimer')[0]?.fireAt)).toBe('2025-12-30T09:00:00.000Z');

    const unknown = buildProcess([start('s'), timerCatch('t', 'clock:nope'), end('e')], chain('s', 't', 'e'));
    const broken = new Instance(unknown, variables(), at('2026-01-05T09:00:00Z'));
    expect(broken.last('incident')[0]?.message).toContain('this complaint has no clock "nope"');
  });
});
