/**
 * Business-day arithmetic on a working calendar. Business time is measured on the local wall clock
 * (see zone.ts): every working day contributes its 24 hours, weekends and holidays contribute nothing.
 * So "3 business days from Monday 10:00" is Thursday 10:00, and from Saturday it is Wednesday 24:00
 * (Thursday 00:00): time received on a non-working day starts counting at the next working day.
 */
import { CalendarError } from './errors';
import { DAY, dayOf, dayOfIsoDate, fromWall, isoDateOf, toWall, weekdayOf } from './zone';
import type { WorkingCalendar } from './types';

/** Longest walk through the calendar in one call (about 50 years), so a bad calendar cannot hang a workflow. */
export const MAX_CALENDAR_DAYS = 18_300;

/** The days a calendar does not work, prepared for quick look-ups. */
interface PreparedCalendar {
  weekend: Set<number>;
  holidays: Set<number>;
  timeZone: string;
}

const prepared = new WeakMap<WorkingCalendar, PreparedCalendar>();

/**
 * Checks a calendar: a valid weekend (at least one working weekday), real holiday dates, a known zone.
 * Returns the problems; empty when it is usable.
 */
export function calendarProblems(calendar: WorkingCalendar): string[] {
  const problems: string[] = [];
  if (
    !Array.isArray(calendar.weekend) ||
    calendar.weekend.some((d) => !Number.isInteger(d) || d < 0 || d > 6)
  )
    problems.push('weekend days must be numbers from 0 (Sunday) to 6 (Saturday)');
  else if (new Set(calendar.weekend).size >= 7)
    problems.push('at least one day of the week must be a working day');
  for (const date of calendar.holidays ?? []) {
    if (Number.isNaN(dayOfIsoDate(date))) problems.push(`holiday "${date}" is not a date like 2026-12-25`);
  }
  try {
    toWall(0, calendar.timeZone);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

/** Whether the local day of `date` (epoch millis) is a working day of the calendar. */
export function isWorkingDay(date: number, calendar: WorkingCalendar): boolean {
  const cal = prepare(calendar);
  return worksOn(cal, dayOf(toWall(date, cal.timeZone)));
}

/** Whether a local date (`YYYY-MM-DD`) is a working day. */
export function isWorkingDate(date: string, calendar: WorkingCalendar): boolean {
  const day = dayOfIsoDate(date);
  if (Number.isNaN(day)) throw new CalendarError(`"${date}" is not a date like 2026-12-25`);
  return worksOn(prepare(calendar), day);
}

/**
 * Adds `n` business days (n ≥ 0; fractions allowed) to an instant: the same local time `n` working days
 * later. From a non-working day the count starts at the next working day's midnight, and a result that
 * falls exactly at the end of a working day is carried to the start of the next one, so the result of
 * n > 0 always lies on a working day.
 * @throws CalendarError for a negative n or an unusable calendar.
 */
export function addBusinessDays(date: number, n: number, calendar: WorkingCalendar): number {
  if (!(n >= 0)) throw new CalendarError(`cannot add ${n} business days`);
  return advanceBusiness(date, n * DAY, calendar);
}

/**
 * Business days from `from` to `to` (negative when `to` is earlier): working-day time between them,
 * in days, as a fraction. `businessDaysBetween(d, addBusinessDays(d, n)) === n`.
 */
export function businessDaysBetween(from: number, to: number, calendar: WorkingCalendar): number {
  return businessMillisBetween(from, to, calendar) / DAY;
}

/** Working-day millis (of the local wall clock) between two instants; negative when `to` is earlier. */
export function businessMillisBetween(from: number, to: number, calendar: WorkingCalendar): number {
  if (to < from) return -businessMillisBetween(to, from, calendar);
  const cal = prepare(calendar);
  const a = toWall(from, cal.timeZone);
  const b = toWall(to, cal.timeZone);
  const first = dayOf(a);
  const last = dayOf(b);
  if (last - first > MAX_CALENDAR_DAYS) throw new CalendarError('the period is longer than 50 years');
  let total = 0;
  for (let day = first; day <= last; day++) {
    if (!worksOn(cal, day)) continue;
    total += Math.min(b, (day + 1) * DAY) - Math.max(a, day * DAY);
  }
  return Math.max(0, total);
}

/**
 * The instant at which `amount` millis of working-day time have passed since `from` (the latest such
 * instant: never a non-working day when amount > 0). A negative amount goes back in business time.
 */
export function advanceBusiness(from: number, amount: number, calendar: WorkingCalendar): number {
  if (amount < 0) return retreatBusiness(from, -amount, calendar);
  const cal = prepare(calendar);
  let wall = toWall(from, cal.timeZone);
  let left = amount;
  for (let steps = 0; steps <= MAX_CALENDAR_DAYS; steps++) {
    const day = dayOf(wall);
    const nextMidnight = (day + 1) * DAY;
    if (worksOn(cal, day)) {
      const available = nextMidnight - wall;
      if (left < available) return fromWall(wall + left, cal.timeZone);
      left -= available;
    }
    wall = nextMidnight;
  }
  throw new CalendarError('no deadline within 50 years: the calendar has (almost) no working days');
}

/** The latest instant from which `amount` millis of working-day time run until `to` (on a working day). */
export function retreatBusiness(to: number, amount: number, calendar: WorkingCalendar): number {
  const cal = prepare(calendar);
  let wall = toWall(to, cal.timeZone);
  let left = amount;
  for (let steps = 0; steps <= MAX_CALENDAR_DAYS; steps++) {
    // The day that ends at `wall` (or contains it).
    const day = dayOf(wall - 1);
    const midnight = day * DAY;
    if (worksOn(cal, day)) {
      const available = wall - midnight;
      if (left <= available) return fromWall(wall - left, cal.timeZone);
      left -= available;
    }
    wall = midnight;
  }
  throw new CalendarError('no start within 50 years: the calendar has (almost) no working days');
}

/** The end of the local day containing the instant just before `date` (midnight stays midnight). */
export function endOfLocalDay(date: number, timeZone: string): number {
  const wall = toWall(date, timeZone);
  const end = Math.ceil(wall / DAY) * DAY;
  return end === wall ? date : fromWall(end, timeZone);
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateOf(date: number, timeZone: string): string {
  return isoDateOf(dayOf(toWall(date, timeZone)));
}

function worksOn(cal: PreparedCalendar, day: number): boolean {
  return !cal.weekend.has(weekdayOf(day)) && !cal.holidays.has(day);
}

function prepare(calendar: WorkingCalendar): PreparedCalendar {
  let cal = prepared.get(calendar);
  if (!cal) {
    const problems = calendarProblems(calendar);
    if (problems.length > 0) throw new CalendarError(`unusable working calendar: ${problems.join('; ')}`);
    cal = {
      weekend: new Set(calendar.weekend),
      holidays: new Set((calendar.holidays ?? []).map(dayOfIsoDate)),
      timeZone: calendar.timeZone,
    };
    prepared.set(calendar, cal);
  }
  return cal;
}
