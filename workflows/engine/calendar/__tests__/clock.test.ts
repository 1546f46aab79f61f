import { dueClockAlerts, pendingClockAlerts } from '../alerts';
import { clockDueAt, evaluateClock, refusalOf, withClockEvent } from '../clock';
import { clockTimerFireAt } from '../clock-timer';
import type { ClockEvent, ClockState } from '../types';
import { DAY } from '../zone';
import { at, iso, UK } from './fixtures';

const ev = (
  id: string,
  kind: ClockEvent['kind'],
  when: string,
  extra: Partial<ClockEvent> = {},
): ClockEvent => ({
  id,
  kind,
  at: at(when),
  ...extra,
});

describe('deadline clocks derived from their events', () => {
  it('should run 3 business days over Christmas from a Monday start', () => {
    // given a 3-business-day clock started Monday 22 December 2025 09:00
    const clock: ClockState = { budget: 'P3BD', events: [ev('1', 'start', '2025-12-22T09:00:00Z')] };
    // when it is evaluated on the 23rd at 09:00
    const status = evaluateClock(clock, UK, at('2025-12-23T09:00:00Z'));
    // then Tuesday, Wednesday and (after the holidays and weekend) Monday 29th are its days
    expect(status).toMatchObject({ phase: 'running', elapsedBusinessDays: 1, breached: false });
    expect(iso(status.dueAt)).toBe('2025-12-29T09:00:00.000Z');
    expect(status.remaining).toBe(2 * DAY);
  });

  it('should leave a pause across the holidays out of the time used', () => {
    // given the clock paused on the 23rd (waiting for the customer) and resumed on the 29th
    const clock: ClockState = {
      budget: 'P3BD',
      events: [
        ev('1', 'start', '2025-12-22T09:00:00Z'),
        ev('2', 'pause', '2025-12-23T09:00:00Z', { reason: 'waiting_for_customer' }),
        ev('3', 'resume', '2025-12-29T09:00:00Z'),
      ],
    };
    // when it is evaluated on the 30th at 09:00
    const status = evaluateClock(clock, UK, at('2025-12-30T09:00:00Z'));
    // then 2 business days were used, the pause lasted 6 days, and the deadline moved to the 31st
    expect(status.elapsedBusinessDays).toBe(2);
    expect(status.pausedFor).toBe(6 * DAY);
    expect(iso(status.dueAt)).toBe('2025-12-31T09:00:00.000Z');
  });

  it('should move a deadline over the year end when a pause lands on Christmas Eve', () => {
    // given 3 business days from Wednesday 24 December 09:00, paused at 12:00 until Monday 29th 12:00
    const clock: ClockState = {
      budget: 'P3BD',
      events: [
        ev('1', 'start', '2025-12-24T09:00:00Z'),
        ev('2', 'pause', '2025-12-24T12:00:00Z', { reason: 'waiting_for_customer' }),
        ev('3', 'resume', '2025-12-29T12:00:00Z'),
      ],
    };
    // then 2.875 days were left at the resume: 29th (0.5), 30th, 31st, then New Year's Day is skipped
    expect(iso(clockDueAt(clock, UK))).toBe('2026-01-02T09:00:00.000Z');
  });

  it('should have no deadline while paused, and say whether it was overdue when paused', () => {
    // given a clock paused before its deadline
    const clock: ClockState = {
      budget: 'PT48H',
      events: [
        ev('1', 'start', '2026-01-05T09:00:00Z'),
        ev('2', 'pause', '2026-01-06T09:00:00Z', { reason: 'waiting_for_customer' }),
      ],
    };
    // then it has no deadline and a day left
    const status = evaluateClock(clock, UK, at('2026-02-01T00:00:00Z'));
    expect(status).toMatchObject({ phase: 'paused', breached: false, remaining: DAY });
    expect(status.dueAt).toBeUndefined();
    expect(clockDueAt(clock, UK)).toBeUndefined();
  });

  it('should count 8 weeks of calendar time across the year end, in local time', () => {
    // given an 8-week clock started 1 December 2025, 10:00 London
    const clock: ClockState = { budget: 'P8W', events: [ev('1', 'start', '2025-12-01T10:00:00Z')] };
    // then the deadline is 26 January 2026, 10:00; holidays do not matter for calendar time
    expect(iso(clockDueAt(clock, UK))).toBe('2026-01-26T10:00:00.000Z');
  });

  it('should give months from the start date, clamped to the month end', () => {
    // given the 6-month ombudsman window opened on 31 August 2025 at noon (BST)
    const clock: ClockState = { budget: 'P6M', events: [ev('1', 'start', '2025-08-31T11:00:00Z')] };
    // then it closes on 28 February 2026 at noon (GMT)
    expect(iso(clockDueAt(clock, UK))).toBe('2026-02-28T12:00:00.000Z');
  });

  it('should end at close of business on the last day when the clock says so', () => {
    // given the summary-resolution clock: 3 business days to the end of the day, from Monday 10:00
    const clock: ClockState = {
      budget: 'P3BD',
      endOfDay: true,
      events: [ev('1', 'start', '2026-01-05T10:00:00Z')],
    };
    // then the deadline is the end of Thursday
    expect(iso(clockDueAt(clock, UK))).toBe('2026-01-09T00:00:00.000Z');
  });

  it('should apply an extension to the budget in force (PSD2: 15 to 35 business days)', () => {
    // given a 15-business-day clock extended in exceptional circumstances
    const clock: ClockState = {
      budget: 'P15BD',
      events: [
        ev('1', 'start', '2026-01-05T09:00:00Z'),
        ev('2', 'extend', '2026-01-20T09:00:00Z', { budget: 'P35BD', reason: 'exceptional: third party' }),
      ],
    };
    // then the deadline is 35 business days after the start
    const status = evaluateClock(clock, UK, at('2026-01-21T09:00:00Z'));
    expect(status.budget).toBe('P35BD');
    expect(iso(status.dueAt)).toBe('2026-02-23T09:00:00.000Z');
  });

  it('should say whether a stopped clock met its deadline', () => {
    const start = ev('1', 'start', '2026-01-05T09:00:00Z');
    const met: ClockState = { budget: 'P3BD', events: [start, ev('2', 'stop', '2026-01-08T09:00:00Z')] };
    const missed: ClockState = { budget: 'P3BD', events: [start, ev('2', 'stop', '2026-01-08T09:00:01Z')] };
    expect(evaluateClock(met, UK, at('2026-03-01T00:00:00Z'))).toMatchObject({
      phase: 'stopped',
      breached: false,
      remaining: 0,
    });
    expect(evaluateClock(missed, UK, at('2026-03-01T00:00:00Z'))).toMatchObject({
      phase: 'stopped',
      breached: true,
      remaining: -1000,
    });
  });

  it('should refuse events that do not fit the clock', () => {
    const clock: ClockState = { budget: 'P8W', events: [ev('1', 'start', '2026-01-05T09:00:00Z')] };
    expect(refusalOf(clock, { kind: 'pause' })).toBe('a pause needs a reason');
    expect(refusalOf(clock, { kind: 'resume' })).toBe('the clock is running, not paused');
    expect(refusalOf({ ...clock, pausable: false }, { kind: 'pause', reason: 'x' })).toBe(
      'this clock may not be paused',
    );
    expect(refusalOf(clock, { kind: 'extend', reason: 'x', budget: 'soon' })).toContain('is not a duration');
    // and a repeated delivery of the same event is refused, so it counts once
    expect(withClockEvent(clock, ev('1', 'start', '2026-01-05T09:00:00Z')).refusal).toBe(
      'this event was already recorded',
    );
  });

  it('should never record an event before the last one', () => {
    const clock: ClockState = { budget: 'P8W', events: [ev('1', 'start', '2026-01-05T09:00:00Z')] };
    const next = withClockEvent(
      clock,
      ev('2', 'pause', '2026-01-05T08:59:59Z', { reason: 'waiting_for_customer' }),
    );
    expect(iso(next.clock?.events[1]?.at)).toBe('2026-01-05T09:00:00.000Z');
  });
});

describe('timers and alerts that follow a clock', () => {
  const clocks = {
    finalResponse: {
      budget: 'P15BD',
      warnBefore: 'P5BD',
      events: [ev('1', 'start', '2026-01-05T09:00:00Z')],
    } satisfies ClockState,
  };

  it('should fire a clock timer at the deadline, before it, or after it', () => {
    expect(iso(clockTimerFireAt('clock:finalResponse', clocks, UK))).toBe('2026-01-26T09:00:00.000Z');
    expect(iso(clockTimerFireAt('clock:finalResponse-P5BD', clocks, UK))).toBe('2026-01-19T09:00:00.000Z');
    expect(iso(clockTimerFireAt('clock:finalResponse+PT2H', clocks, UK))).toBe('2026-01-26T11:00:00.000Z');
  });

  it('should NOT fire a clock timer while its clock is paused, and refuse unknown clocks', () => {
    const paused = {
      finalResponse: {
        ...clocks.finalResponse,
        events: [
          ...clocks.finalResponse.events,
          ev('2', 'pause', '2026-01-06T09:00:00Z', { reason: 'waiting_for_customer' }),
        ],
      },
    };
    expect(clockTimerFireAt('clock:finalResponse-P5BD', paused, UK)).toBeUndefined();
    expect(() => clockTimerFireAt('clock:ombudsman', clocks, UK)).toThrow('no clock "ombudsman"');
    expect(() => clockTimerFireAt('clock:finalResponse-5 days', clocks, UK)).toThrow('not a clock timer');
  });

  it('should list the warning and the breach, and skip a warning overtaken by its breach', () => {
    // given the warning and breach of a running clock
    const pending = pendingClockAlerts(clocks, UK, new Set());
    expect(pending.map((a) => [a.kind, iso(a.at)])).toEqual([
      ['warning', '2026-01-19T09:00:00.000Z'],
      ['breach', '2026-01-26T09:00:00.000Z'],
    ]);
    // when asked at the warning time / then only the warning is due
    expect(
      dueClockAlerts(clocks, UK, new Set(), at('2026-01-19T09:00:00Z')).raise.map((a) => a.kind),
    ).toEqual(['warning']);
    // when asked long after the deadline without any alert raised / then the breach alone is raised
    const late = dueClockAlerts(clocks, UK, new Set(), at('2026-02-01T00:00:00Z'));
    expect(late.raise.map((a) => a.kind)).toEqual(['breach']);
    expect(late.skip).toEqual(['finalResponse:warning:P15BD']);
    // and raised alerts are not listed again
    expect(
      pendingClockAlerts(clocks, UK, new Set(['finalResponse:warning:P15BD', 'finalResponse:breach:P15BD'])),
    ).toEqual([]);
  });
});
