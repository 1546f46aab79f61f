/**
 * ISO 8601 durations, date-times and repeating intervals, turned into epoch millis. Pure: the base time
 * is always passed in (`new Date(epoch)` only does calendar arithmetic, it never reads the clock).
 */
import { TimerExpressionError } from './errors';

/** The components of an ISO 8601 duration such as `P1Y2M3W4DT5H6M7.5S`. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** A parsed timer expression, told apart by its shape: `R…` cycle, `P…` duration, else a date-time. */
export type ParsedTimer =
  | { type: 'duration'; duration: IsoDuration }
  | { type: 'date'; at: number }
  | { type: 'cycle'; repetitions: number | null; start?: number; interval: IsoDuration };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Only the seconds may carry a fraction; `P` and `PT` alone are rejected by the look-aheads.
const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const CYCLE = /^R(\d*)\/(.+)$/;

/** Parses an ISO 8601 duration (`P3D`, `PT48H`, `P1W`, `PT2S`, `P1DT2H`, `P1M`). */
export function parseDuration(text: string): IsoDuration {
  const m = DURATION.exec(text.trim());
  if (!m) throw new TimerExpressionError(text, 'not an ISO 8601 duration such as P3D or PT48H');
  const n = (i: number): number => Number((m[i] ?? '0').replace(',', '.'));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/**
 * The fixed length of a duration in millis. Years and months have no fixed length, so they are refused:
 * use `addDuration` to add them to a point in time.
 */
export function durationToMillis(duration: string | IsoDuration): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (d.years !== 0 || d.months !== 0) {
    throw new TimerExpressionError(formatDuration(d), 'years and months have no fixed length in millis');
  }
  return Math.round(
    d.weeks * 7 * DAY + d.days * DAY + d.hours * HOUR + d.minutes * MINUTE + d.seconds * SECOND,
  );
}

/** Adds a duration to an epoch: years and months on the UTC calendar (31 Jan + P1M = 28/29 Feb), the rest as fixed millis. */
export function addDuration(epochMillis: number, duration: IsoDuration): number {
  let base = epochMillis;
  if (duration.years !== 0 || duration.months !== 0) {
    const date = new Date(epochMillis);
    const monthIndex =
      date.getUTCFullYear() * 12 + date.getUTCMonth() + duration.years * 12 + duration.months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex % 12;
    const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
    base = Date.UTC(
      year,
      month,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    );
  }
  return base + durationToMillis({ ...duration, years: 0, months: 0 });
}

/**
 * Parses an absolute date-time into epoch millis. It must carry `Z` or an offset: a local time would
 * depend on the worker's time zone. A bare date (`2026-01-01`) is midnight UTC.
 */
export function parseDateTime(text: string): number {
  const m = DATE_TIME.exec(text.trim());
  if (!m) throw new TimerExpressionError(text, 'not an ISO 8601 date-time such as 2026-01-01T09:00:00Z');
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) {
    throw new TimerExpressionError(text, 'a date-time needs a time zone offset (Z or +01:00)');
  }
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month > 11 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new TimerExpressionError(text, 'no such date or time');
  }
  const millis = Math.round(Number(`0.${frac ?? '0'}`) * 1000);
  return Date.UTC(year, month, day, hour, minute, second, millis) - offsetMillis(zone);
}

/** Parses a repeating interval: `R3/PT24H`, `R/P1D` (unbounded) or `R2/2026-01-01T09:00:00Z/P1D`. */
export function parseCycle(text: string): Extract<ParsedTimer, { type: 'cycle' }> {
  const m = CYCLE.exec(text.trim());
  if (!m) throw new TimerExpressionError(text, 'not an ISO 8601 cycle such as R3/PT24H');
  const [, count = '', rest = ''] = m;
  const repetitions = count === '' ? null : Number(count);
  if (repetitions === 0) throw new TimerExpressionError(text, 'a cycle must repeat at least once');
  const parts = rest.split('/');
  let start: number | undefined;
  let intervalText: string;
  if (parts.length === 1) {
    intervalText = parts[0] ?? '';
  } else if (parts.length === 2) {
    start = parseDateTime(parts[0] ?? '');
    intervalText = parts[1] ?? '';
  } else {
    throw new TimerExpressionError(text, 'expected R<n>/<duration> or R<n>/<start>/<duration>');
  }
  const interval = parseDuration(intervalText);
  if (addDuration(0, interval) <= 0)
    throw new TimerExpressionError(text, 'the interval must be longer than zero');
  return start === undefined
    ? { type: 'cycle', repetitions, interval }
    : { type: 'cycle', repetitions, start, interval };
}

/** Parses any timer expression, telling its type from its shape. */
export function parseTimerExpression(text: string): ParsedTimer {
  const trimmed = text.trim();
  if (trimmed.startsWith('R')) return parseCycle(trimmed);
  if (trimmed.startsWith('P')) return { type: 'duration', duration: parseDuration(trimmed) };
  return { type: 'date', at: parseDateTime(trimmed) };
}

/** When a timer armed at `now` first fires. */
export function firstFireAt(timer: ParsedTimer, now: number): number {
  switch (timer.type) {
    case 'duration':
      return addDuration(now, timer.duration);
    case 'date':
      return timer.at;
    case 'cycle':
      return timer.start ?? addDuration(now, timer.interval);
  }
}

/**
 * When a cycle fires next after firing at `previousFireAt`. It keeps the rhythm, but never schedules into
 * the past: a workflow that was down for days sends one reminder, not a burst.
 */
export function nextCycleFireAt(interval: IsoDuration, previousFireAt: number, now: number): number {
  const next = addDuration(previousFireAt, interval);
  return next > now ? next : addDuration(now, interval);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return (zone.startsWith('-') ? -1 : 1) * minutes * MINUTE;
}

function formatDuration(d: IsoDuration): string {
  return `P${d.years}Y${d.months}M${d.weeks}W${d.days}DT${d.hours}H${d.minutes}M${d.seconds}S`;
}
