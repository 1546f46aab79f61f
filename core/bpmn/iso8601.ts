// ISO 8601 forms the engine's timers and due dates accept. Written out here (rather than parsed with
// Temporal) so the rules stay dependency-free for bpmnlint in the browser.

const DURATION_SOURCE =
  'P(?=\\d|T\\d)(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?(?:T(?=\\d)(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:[.,]\\d+)?S)?)?';
const DURATION = new RegExp(`^${DURATION_SOURCE}$`);
const CYCLE = new RegExp(`^R\\d*/${DURATION_SOURCE}$`);
// A zone is required: a bare local time would be read in the worker's time zone.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `P3D`, `PT48H`, `P1Y2M`, `PT0.5S`… */
export function isIsoDuration(value: string): boolean {
  return DURATION.test(value);
}

/** `R3/PT24H` (three repetitions) or `R/P1D` (until cancelled); start dates are not supported. */
export function isIsoCycle(value: string): boolean {
  return CYCLE.test(value);
}

/** `2026-01-31T09:00:00Z` or with an offset (`+03:30`); a date that does not exist is refused. */
export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (month === undefined || month < 1 || month > 12 || day === undefined || year === undefined) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth && hour! <= 23 && minute! <= 59 && (Number.isNaN(second) || second! <= 59);
}
