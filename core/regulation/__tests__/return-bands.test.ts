import type { WorkingCalendar } from '../../../workflows/engine/calendar';
import { profileByKey } from '../profiles';
import { bandOf } from '../return-bands';

const UK: WorkingCalendar = {
  weekend: [0, 6],
  holidays: ['2025-12-25', '2025-12-26', '2026-01-01'],
  timeZone: 'Europe/London',
};
const bands = profileByKey('uk-fca').returns.bands;
const band = (received: string, closed: string): string =>
  bandOf(bands, new Date(received), new Date(closed), UK).key;

describe('time bands of the FCA return', () => {
  it('should count to the end of the third business day after receipt', () => {
    // received Monday 5 January 2026 at 10:00: the third business day ends at Thursday midnight
    expect(band('2026-01-05T10:00:00Z', '2026-01-08T23:59:59Z')).toBe('within3bd');
    expect(band('2026-01-05T10:00:00Z', '2026-01-09T00:00:01Z')).toBe('within8w');
  });

  it('should skip the Christmas bank holidays and the weekend', () => {
    // received Wednesday 24 December: the 29th, 30th and 31st are its three business days
    expect(band('2025-12-24T09:00:00Z', '2025-12-31T17:00:00Z')).toBe('within3bd');
    expect(band('2025-12-24T09:00:00Z', '2026-01-02T09:00:00Z')).toBe('within8w');
  });

  it('should put complaints answered after 8 weeks in the last band', () => {
    expect(band('2026-01-05T10:00:00Z', '2026-03-02T10:00:00Z')).toBe('within8w');
    expect(band('2026-01-05T10:00:00Z', '2026-03-02T10:00:01Z')).toBe('over8w');
  });
});
