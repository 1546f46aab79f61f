/**
 * Clock budgets and offsets: `P<n>BD` business days on the working calendar, or an ISO 8601 duration
 * of calendar time (`PT24H`, `P30D`, `P8W`, `P6M`). Calendar time is counted on the local wall clock,
 * so days, weeks and months keep the local time of day; months run from the clock's start
 * (31 January + P1M = 28/29 February).
 */
import { addDuration, parseDuration, type IsoDuration } from '../durations';
import { CalendarError } from './errors';
import type { WorkingCalendar } from './types';
import { advanceBusiness, businessMillisBetween, retreatBusiness } from './working-days';
import { DAY, fromWall, toWall } from './zone';

/** A parsed budget or offset. */
export type ClockDuration =
  { measure: 'business'; days: number } | { measure: 'calendar'; duration: IsoDuration };

const BUSINESS_DAYS = /^P(\d+(?:[.,]\d+)?)BD$/;

/** Whether a text is a business-day duration such as `P15BD`. */
export function isBusinessDuration(text: string): boolean {
  return BUSINESS_DAYS.test(text.trim());
}

/**
 * Parses `P15BD` or an ISO 8601 duration.
 * @throws CalendarError when it is neither, or is zero.
 */
export function parseClockDuration(text: string): ClockDuration {
  const trimmed = text.trim();
  const business = BUSINESS_DAYS.exec(trimmed);
  if (business) return { measure: 'business', days: Number((business[1] ?? '0').replace(',', '.')) };
  try {
    return { measure: 'calendar', duration: parseDuration(trimmed) };
  } catch {
    throw new CalendarError(
      `"${text}" is not a duration: use P<n>BD for business days or ISO 8601 like PT24H, P30D, P8W, P6M`,
    );
  }
}

/**
 * The length of a duration in millis of its measure, counted from `from` (months and years need a
 * start): business millis for `P<n>BD`, wall-clock millis otherwise.
 */
export function durationMillis(duration: ClockDuration, from: number, calendar: WorkingCalendar): number {
  if (duration.measure === 'business') return Math.round(duration.days * DAY);
  const wall = toWall(from, calendar.timeZone);
  return addDuration(wall, duration.duration) - wall;
}

/** The instant `amount` millis of the measure after `from` (before it, when negative). */
export function advance(
  from: number,
  amount: number,
  measure: ClockDuration['measure'],
  calendar: WorkingCalendar,
): number {
  if (measure === 'business') return advanceBusiness(from, amount, calendar);
  return fromWall(toWall(from, calendar.timeZone) + amount, calendar.timeZone);
}

/** Millis of the measure between two instants (negative when `to` is earlier). */
export function measureBetween(
  from: number,
  to: number,
  measure: ClockDuration['measure'],
  calendar: WorkingCalendar,
): number {
  if (measure === 'business') return businessMillisBetween(from, to, calendar);
  return toWall(to, calendar.timeZone) - toWall(from, calendar.timeZone);
}

/** Shifts an instant by a duration: `P5BD` on the working calendar, anything else on the wall clock. */
export function shiftBy(
  date: number,
  duration: ClockDuration,
  sign: 1 | -1,
  calendar: WorkingCalendar,
): number {
  if (duration.measure === 'business') {
    const amount = Math.round(duration.days * DAY);
    return sign > 0 ? advanceBusiness(date, amount, calendar) : retreatBusiness(date, amount, calendar);
  }
  const d = duration.duration;
  const signed: IsoDuration = {
    years: sign * d.years,
    months: sign * d.months,
    weeks: sign * d.weeks,
    days: sign * d.days,
    hours: sign * d.hours,
    minutes: sign * d.minutes,
    seconds: sign * d.seconds,
  };
  return fromWall(addDuration(toWall(date, calendar.timeZone), signed), calendar.timeZone);
}
