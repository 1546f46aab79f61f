import { awaitingCustomerChanges } from '../../clocks';
import { clockDueAt, withClockEvent } from '../clock';
import type { ClockState, Clocks } from '../types';
import { at, iso, UK } from './fixtures';

/** A 15-business-day clock started Monday 5 January 2026, 09:00 London, that may stop for the customer. */
const final = (extra: Partial<ClockState> = {}): ClockState => ({
  budget: 'P15BD',
  pauseWhileAwaitingCustomer: true,
  events: [{ id: 'r1', kind: 'start', at: at('2026-01-05T09:00:00Z') }],
  ...extra,
});

/** Applies the changes a message implies at `when`, as the workflow does. */
function deliver(clocks: Clocks, message: string, when: string, variables = {}): Clocks {
  const next = { ...clocks };
  for (const [i, c] of awaitingCustomerChanges(clocks, message, variables).entries()) {
    const applied = withClockEvent(next[c.clock]!, {
      id: `${message}-${when}-${i}`,
      kind: c.kind,
      at: at(when),
      reason: c.reason,
    });
    next[c.clock] = applied.clock!;
  }
  return next;
}

describe('stopping the clock while awaiting the customer', () => {
  it('should pause on a question and resume on the reply, moving the deadline by the business days waited', () => {
    // given the clock due Monday 26 January 09:00 (15 business days)
    let clocks: Clocks = { finalResponse: final() };
    expect(iso(clockDueAt(clocks.finalResponse!, UK))).toBe('2026-01-26T09:00:00.000Z');
    // when staff ask a question on Tuesday 6 January and the customer answers on Friday 9 January
    clocks = deliver(clocks, 'infoRequested', '2026-01-06T09:00:00Z');
    expect(clocks.finalResponse!.events.at(-1)).toMatchObject({
      kind: 'pause',
      reason: 'waiting_for_customer',
    });
    expect(clockDueAt(clocks.finalResponse!, UK)).toBeUndefined();
    clocks = deliver(clocks, 'customerReplied', '2026-01-09T09:00:00Z');
    // then the deadline moved by the 3 business days waited, to Thursday 29 January
    expect(clocks.finalResponse!.events.at(-1)).toMatchObject({ kind: 'resume' });
    expect(iso(clockDueAt(clocks.finalResponse!, UK))).toBe('2026-01-29T09:00:00.000Z');
  });

  it('should count a wait across a weekend as the business day it covers', () => {
    // given a question on Friday 9 January 09:00 answered on Monday 12 January 09:00 (15 h of Friday, 9 h of Monday)
    let clocks: Clocks = { finalResponse: final() };
    clocks = deliver(clocks, 'infoRequested', '2026-01-09T09:00:00Z');
    clocks = deliver(clocks, 'customerReplied', '2026-01-12T09:00:00Z');
    // then the deadline moves by one business day, to Tuesday 27 January
    expect(iso(clockDueAt(clocks.finalResponse!, UK))).toBe('2026-01-27T09:00:00.000Z');
  });

  it('should NOT touch clocks whose regime counts on regardless, that never pause, or that do not run', () => {
    // given clocks the regime does not let stop, one that never pauses, one not started, one stopped
    const clocks: Clocks = {
      fca: final({ pauseWhileAwaitingCustomer: false }),
      plain: final({ pauseWhileAwaitingCustomer: undefined }),
      acknowledgment: final({ pausable: false }),
      ombudsman: final({ events: [] }),
      done: final({
        events: [
          { id: 'a', kind: 'start', at: at('2026-01-05T09:00:00Z') },
          { id: 'b', kind: 'stop', at: at('2026-01-06T09:00:00Z') },
        ],
      }),
    };
    // then a question changes none of them
    expect(awaitingCustomerChanges(clocks, 'infoRequested', {})).toEqual([]);
  });

  it('should NOT pause for a question that reached nobody, nor for other messages', () => {
    const clocks: Clocks = { finalResponse: final() };
    expect(awaitingCustomerChanges(clocks, 'infoRequested', { infoRequestSent: false })).toEqual([]);
    expect(awaitingCustomerChanges(clocks, 'surveyAnswered', {})).toEqual([]);
    expect(awaitingCustomerChanges(clocks, 'customerReplied', {})).toEqual([]);
  });

  it('should resume a pause staff made for the customer, but NOT one for a third party', () => {
    // given one clock paused by staff for the customer (with details), one for a third party
    const paused = (reason: string): ClockState =>
      final({
        events: [
          { id: 'a', kind: 'start', at: at('2026-01-05T09:00:00Z') },
          { id: 'b', kind: 'pause', at: at('2026-01-06T09:00:00Z'), reason },
        ],
      });
    const clocks: Clocks = {
      customer: paused('waiting_for_customer: receipt asked for by phone'),
      thirdParty: paused('waiting_for_third_party'),
    };
    // when the customer replies, only the first resumes
    expect(awaitingCustomerChanges(clocks, 'customerReplied', {})).toEqual([
      { clock: 'customer', kind: 'resume', reason: 'customer replied' },
    ]);
  });
});
