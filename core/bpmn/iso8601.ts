// The deploy accepts exactly the timer and due-date texts the interpreter can schedule: it asks the
// interpreter's own parsers (pure code), so the two can never disagree.
import { parseClockDuration, parseClockTimer } from '../../workflows/engine/calendar';
import { parseCycle, parseDateTime, parseDuration } from '../../workflows/engine/durations';

/** `P3D`, `PT48H`, `P1Y2M`, `PT0.5S`, `P1W`… */
export function isIsoDuration(value: string): boolean {
  return accepts(() => parseDuration(value));
}

/** `R3/PT24H`, `R/P1D` (until cancelled) or `R2/2026-01-01T09:00:00Z/P1D`; never `R0` or a zero interval. */
export function isIsoCycle(value: string): boolean {
  return accepts(() => parseCycle(value));
}

/** `2026-01-31T09:00:00Z`, with an offset (`+03:30`), or a bare date (midnight UTC); a zone is required with a time. */
export function isIsoDateTime(value: string): boolean {
  return accepts(() => parseDateTime(value));
}

/** `P15BD`: business days on the complaint's working calendar (the `calendar` process variable). */
export function isBusinessDays(value: string): boolean {
  return accepts(() => parseClockDuration(value).measure === 'business' || fail());
}

/** `clock:finalResponse`, `clock:finalResponse-P5BD`, `clock:finalResponse+PT2H`: a deadline clock's moment. */
export function isClockTimer(value: string): boolean {
  return accepts(() => parseClockTimer(value));
}

function fail(): never {
  throw new Error('not accepted');
}

function accepts(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}
