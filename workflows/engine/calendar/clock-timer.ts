/**
 * Timer expressions that follow a deadline clock: `clock:finalResponse` fires at the clock's deadline,
 * `clock:finalResponse-P5BD` when 5 business days are left, `clock:finalResponse+P1D` a day after it.
 * The offset is `P<n>BD` or an ISO 8601 duration. While the clock is not running (not started, paused,
 * stopped) such a timer has no fire time: it sleeps until the clock runs again.
 */
import { parseClockDuration, shiftBy, type ClockDuration } from './budget';
import { clockDueAt } from './clock';
import { CalendarError } from './errors';
import type { Clocks, WorkingCalendar } from './types';

/** A parsed `clock:` expression. */
export interface ClockTimerRef {
  clock: string;
  /** -1 before the deadline, +1 after it. */
  sign: 1 | -1;
  offset?: ClockDuration;
}

const CLOCK_TIMER = /^clock:([A-Za-z][A-Za-z0-9_]*)(?:([+-])(P\S+))?$/;

/** Whether a timer text refers to a clock (starts with `clock:`), valid or not. */
export function isClockTimer(text: string): boolean {
  return text.trim().startsWith('clock:');
}

/**
 * Parses `clock:<name>[±<duration>]`.
 * @throws CalendarError when it is malformed.
 */
export function parseClockTimer(text: string): ClockTimerRef {
  const m = CLOCK_TIMER.exec(text.trim());
  if (!m) {
    throw new CalendarError(
      `"${text}" is not a clock timer: use clock:<name>, clock:<name>-P5BD or clock:<name>+PT2H`,
    );
  }
  const [, clock = '', sign, offset] = m;
  if (offset === undefined) return { clock, sign: 1 };
  return { clock, sign: sign === '-' ? -1 : 1, offset: parseClockDuration(offset) };
}

/**
 * When a clock timer fires, or undefined while its clock is not running.
 * @throws CalendarError for a malformed expression or a clock the complaint does not have.
 */
export function clockTimerFireAt(
  text: string,
  clocks: Clocks,
  calendar: WorkingCalendar,
): number | undefined {
  const ref = parseClockTimer(text);
  const clock = Object.prototype.hasOwnProperty.call(clocks, ref.clock) ? clocks[ref.clock] : undefined;
  if (!clock) throw new CalendarError(`this complaint has no clock "${ref.clock}"`);
  const due = clockDueAt(clock, calendar);
  if (due === undefined || ref.offset === undefined) return due;
  return shiftBy(due, ref.offset, ref.sign, calendar);
}
