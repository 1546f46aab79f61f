import {
  addDuration,
  durationToMillis,
  firstFireAt,
  nextCycleFireAt,
  parseCycle,
  parseDateTime,
  parseDuration,
  parseTimerExpression,
} from '../durations';
import { TimerExpressionError } from '../errors';

// kept local: this suite needs no interpreter (and so no FEEL)
const T0 = Date.UTC(2026, 0, 1, 9);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('durations', () => {
  it.each([
    ['P3D', 3 * DAY],
    ['PT48H', 48 * HOUR],
    ['P1W', 7 * DAY],
    ['PT2S', 2000],
    ['P1DT2H', DAY + 2 * HOUR],
    ['PT1H30M', 1.5 * HOUR],
    ['PT0.5S', 500],
    ['P2W3D', 17 * DAY],
  ])('should turn %s into millis', (text, millis) => {
    expect(durationToMillis(text)).toBe(millis);
  });

  it.each(['', 'P', 'PT', '3D', 'P3', 'PT1D', 'P1.5D', '-P1D', 'p3d', 'P1H'])('should reject %j', (text) => {
    expect(() => parseDuration(text)).toThrow(TimerExpressionError);
  });

  it('should refuse to give years and months a fixed length, but add them on the calendar', () => {
    expect(() => durationToMillis('P1M')).toThrow(/no fixed length/);
    expect(addDuration(Date.UTC(2026, 0, 31, 9), parseDuration('P1M'))).toBe(Date.UTC(2026, 1, 28, 9));
    expect(addDuration(Date.UTC(2028, 1, 29), parseDuration('P1Y'))).toBe(Date.UTC(2029, 1, 28));
    expect(addDuration(Date.UTC(2026, 10, 15), parseDuration('P1Y2M1DT1H'))).toBe(Date.UTC(2028, 0, 16, 1));
  });
});

describe('date-times', () => {
  it('should parse UTC and offset date-times', () => {
    expect(parseDateTime('2026-01-01T09:00:00Z')).toBe(T0);
    expect(parseDateTime('2026-01-01T10:00:00+01:00')).toBe(T0);
    expect(parseDateTime('2026-01-01T04:30-04:30')).toBe(T0);
    expect(parseDateTime('2026-01-01T09:00:00.250Z')).toBe(T0 + 250);
  });

  it('should read a bare date as midnight UTC', () => {
    expect(parseDateTime('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
  });

  it.each(['2026-01-01T09:00:00', '2026-02-30', '2026-13-01T00:00Z', 'tomorrow', '2026-01-01T24:00Z'])(
    'should reject %j',
    (text) => {
      expect(() => parseDateTime(text)).toThrow(TimerExpressionError);
    },
  );
});

describe('cycles', () => {
  it('should parse bounded, unbounded and anchored cycles', () => {
    expect(parseCycle('R3/PT24H')).toEqual({
      type: 'cycle',
      repetitions: 3,
      interval: parseDuration('PT24H'),
    });
    expect(parseCycle('R/P1D')).toMatchObject({ repetitions: null });
    expect(parseCycle('R2/2026-01-01T09:00:00Z/P1D')).toMatchObject({ repetitions: 2, start: T0 });
  });

  it.each(['R0/P1D', 'R3/PT0S', 'R3', 'R3/P1D/extra/more', 'X3/P1D'])('should reject %j', (text) => {
    expect(() => parseCycle(text)).toThrow(TimerExpressionError);
  });

  it('should fire a cycle first after one interval, or at its start', () => {
    expect(firstFireAt(parseCycle('R3/PT24H'), T0)).toBe(T0 + DAY);
    expect(firstFireAt(parseCycle('R3/2026-03-01T00:00:00Z/PT24H'), T0)).toBe(Date.UTC(2026, 2, 1));
  });

  it('should keep the rhythm of a cycle but never schedule into the past', () => {
    const day = parseDuration('P1D');
    expect(nextCycleFireAt(day, T0 + DAY, T0 + DAY)).toBe(T0 + 2 * DAY);
    expect(nextCycleFireAt(day, T0 + DAY, T0 + DAY + HOUR)).toBe(T0 + 2 * DAY);
    expect(nextCycleFireAt(day, T0 + DAY, T0 + 5 * DAY)).toBe(T0 + 6 * DAY);
  });
});

describe('timer expressions', () => {
  it('should tell the type from the shape', () => {
    expect(parseTimerExpression('PT1H').type).toBe('duration');
    expect(parseTimerExpression('R/PT1H').type).toBe('cycle');
    expect(parseTimerExpression(' 2026-01-01T09:00:00Z ').type).toBe('date');
    expect(firstFireAt(parseTimerExpression('2026-01-01T09:00:00Z'), 0)).toBe(T0);
    expect(firstFireAt(parseTimerExpression('PT1H'), T0)).toBe(T0 + HOUR);
  });
});
