import { isIsoCycle, isIsoDateTime, isIsoDuration } from '../iso8601';

describe('ISO 8601 checks (the interpreter parsers)', () => {
  it('should accept durations and refuse look-alikes', () => {
    for (const value of ['P3D', 'PT48H', 'P1Y2M10DT2H30M', 'PT0.5S', 'P2W'])
      expect(isIsoDuration(value)).toBe(true);
    for (const value of ['P', 'PT', 'P1DT', '3D', 'p3d', 'PT-1H', '3 days', ''])
      expect(isIsoDuration(value)).toBe(false);
  });

  it('should accept cycles that repeat at least once with a positive interval', () => {
    for (const value of ['R3/PT24H', 'R/P1D', 'R2/2026-01-01T09:00:00Z/P1D'])
      expect(isIsoCycle(value)).toBe(true);
    for (const value of ['R3', 'PT1H', 'R0/P1D', 'R/PT0S', 'R-1/P1D', 'R2/tomorrow/P1D'])
      expect(isIsoCycle(value)).toBe(false);
  });

  it('should accept real date-times with a zone, and bare dates', () => {
    for (const value of [
      '2026-01-31T09:00:00Z',
      '2028-02-29T23:59:59.5+03:30',
      '2026-06-01T09:00-05:00',
      '2026-01-01',
    ]) {
      expect(isIsoDateTime(value)).toBe(true);
    }
    for (const value of [
      '2026-02-29T09:00:00Z',
      '2026-13-01T09:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T09:00:00',
    ]) {
      expect(isIsoDateTime(value)).toBe(false);
    }
  });
});
