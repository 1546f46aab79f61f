import {
  endOfLocalDay,
  parseClockDuration,
  shiftBy,
  type WorkingCalendar,
} from '../../workflows/engine/calendar';

/** A time band of a return: closed within `upTo` of receipt (`null`: the open-ended last band). */
export interface ReturnBand {
  key: string;
  label: string;
  upTo: string | null;
  endOfDay?: boolean;
}

/**
 * The band a complaint falls in: the first whose limit (receipt + `upTo` on the working calendar, to
 * the end of that day when `endOfDay`) is not before the moment it was closed. Bands are exclusive.
 */
export function bandOf(
  bands: readonly ReturnBand[],
  receivedAt: Date,
  closedAt: Date,
  calendar: WorkingCalendar,
): ReturnBand {
  for (const band of bands) {
    if (band.upTo === null) return band;
    let limit = shiftBy(receivedAt.getTime(), parseClockDuration(band.upTo), 1, calendar);
    if (band.endOfDay) limit = endOfLocalDay(limit, calendar.timeZone);
    if (closedAt.getTime() <= limit) return band;
  }
  return bands[bands.length - 1]!;
}
