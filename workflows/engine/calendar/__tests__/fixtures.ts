import type { WorkingCalendar } from '../types';

/** England and Wales: Saturday and Sunday off, the bank holidays of Christmas 2025 to Easter 2026. */
export const UK: WorkingCalendar = {
  key: 'gb-eaw',
  weekend: [0, 6],
  holidays: ['2025-12-25', '2025-12-26', '2026-01-01', '2026-04-03', '2026-04-06'],
  timeZone: 'Europe/London',
};

/** Iran: Friday off, Nowruz (1–4 Farvardin 1405) as holidays, Tehran time (+03:30, no daylight saving). */
export const IRAN: WorkingCalendar = {
  key: 'ir',
  weekend: [5],
  holidays: ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24'],
  timeZone: 'Asia/Tehran',
};

/** Iran, organisations that also close on Thursday. */
export const IRAN_THU_FRI: WorkingCalendar = {
  key: 'ir-thu-fri',
  weekend: [4, 5],
  holidays: [],
  timeZone: 'Asia/Tehran',
};

/** Epoch millis of an ISO date-time text. */
export const at = (iso: string): number => new Date(iso).getTime();

/** ISO text of epoch millis, for readable expectations. */
export const iso = (millis: number | undefined): string | undefined =>
  millis === undefined ? undefined : new Date(millis).toISOString();
