/**
 * Local wall-clock time in a time zone, for deterministic calendar arithmetic. A "wall" instant is the
 * epoch millis the local date and time would have in UTC: on that scale every local day is exactly
 * 24 hours long, so "3 days later at the same local time" survives daylight-saving changes.
 * Uses only `Intl` (built into every JavaScript runtime, the workflow sandbox included); no clock read.
 */
import { CalendarError } from './errors';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether a time zone text is usable: `UTC`, `Z`, `+03:30`, or an IANA name the runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    offsetAt(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's offset from UTC at an instant, in millis (`+03:30` → 12 600 000).
 * @throws CalendarError for an unknown zone.
 */
export function offsetAt(epochMillis: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Z' || timeZone === 'Etc/UTC') return 0;
  const fixed = FIXED_OFFSET.exec(timeZone);
  if (fixed) {
    const [, sign, hours, minutes] = fixed;
    const offset = (Number(hours) * 60 + Number(minutes)) * MINUTE;
    return sign === '-' ? -offset : offset;
  }
  const parts = formatter(timeZone).formatToParts(new Date(epochMillis));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? NaN);
  const local = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  const wholeSeconds = Math.floor(epochMillis / 1000) * 1000;
  return local - wholeSeconds;
}

/** The wall instant of an epoch instant in the zone. */
export function toWall(epochMillis: number, timeZone: string): number {
  return epochMillis + offsetAt(epochMillis, timeZone);
}

/**
 * The epoch instant of a wall instant. A wall time that does not exist (skipped by a daylight-saving
 * change) maps to the instant after the gap; one that happens twice maps to the first.
 */
export function fromWall(wallMillis: number, timeZone: string): number {
  // The offsets in force a day before and a day after: at most one change happens in between.
  const before = wallMillis - offsetAt(wallMillis - DAY, timeZone);
  const after = wallMillis - offsetAt(wallMillis + DAY, timeZone);
  const valid = [before, after].filter((candidate) => toWall(candidate, timeZone) === wallMillis);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap (clocks moved forward): the same distance past the change, as `Temporal` does.
  return before;
}

/** Day number (days since 1970-01-01) of a wall instant. */
export function dayOf(wallMillis: number): number {
  return Math.floor(wallMillis / DAY);
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD` text, or NaN when it is not one. */
export function dayOfIsoDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const millis = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDateOf(millis / DAY) === date ? millis / DAY : NaN;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new CalendarError(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}
