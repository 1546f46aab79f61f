import fc from 'fast-check';
import { evaluateClock } from '../clock';
import type { ClockEvent, ClockState, WorkingCalendar } from '../types';
import { addBusinessDays, businessDaysBetween, isWorkingDay } from '../working-days';
import { DAY, HOUR } from '../zone';
import { IRAN, IRAN_THU_FRI, UK } from './fixtures';

const FROM = Date.UTC(2023, 0, 1);
const TO = Date.UTC(2035, 0, 1);

/** Calendars to try: the fixtures, plus random weekends and holidays in a few zones. */
const calendars: fc.Arbitrary<WorkingCalendar> = fc.oneof(
  fc.constantFrom(UK, IRAN, IRAN_THU_FRI),
  fc.record({
    weekend: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    holidays: fc.uniqueArray(
      fc.integer({ min: FROM / DAY, max: TO / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10)),
      { maxLength: 40 },
    ),
    timeZone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Tehran', '+05:30'),
  }),
);
const instants = fc.integer({ min: FROM, max: TO });

describe('business-day arithmetic (properties)', () => {
  it('should never land on a non-working day when adding one or more business days', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 60 }), calendars, (date, n, calendar) => {
        expect(isWorkingDay(addBusinessDays(date, n, calendar), calendar)).toBe(true);
      }),
    );
  });

  it('should count back exactly the business days it added', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 60 }), calendars, (date, n, calendar) => {
        expect(businessDaysBetween(date, addBusinessDays(date, n, calendar), calendar)).toBe(n);
      }),
    );
  });

  it('should add in steps what it adds at once', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        calendars,
        (date, a, b, calendar) => {
          expect(addBusinessDays(addBusinessDays(date, a, calendar), b, calendar)).toBe(
            addBusinessDays(date, a + b, calendar),
          );
        },
      ),
    );
  });

  it('should keep time used plus time left equal to the budget, however a clock was paused', () => {
    const pauses = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 5 * DAY }), fc.integer({ min: 1, max: 5 * DAY })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        instants,
        pauses,
        fc.integer({ min: 0, max: 3 * DAY }),
        fc.constantFrom('P15BD', 'P8W', 'PT24H'),
        (start, gaps, tail, budget) => {
          // given a running clock with some pause/resume pairs after its start
          const events: ClockEvent[] = [{ id: 's', kind: 'start', at: start }];
          let t = start;
          gaps.forEach(([run, pause], i) => {
            events.push({ id: `p${i}`, kind: 'pause', at: (t += run), reason: 'waiting_for_customer' });
            events.push({ id: `r${i}`, kind: 'resume', at: (t += pause) });
          });
          const clock: ClockState = { budget, events };
          // when it is evaluated some time after the last resume
          const status = evaluateClock(clock, UK, t + tail);
          // then used + left is the budget, and the time paused is exactly the pauses
          const total = budget === 'P15BD' ? 15 * DAY : budget === 'P8W' ? 56 * DAY : 24 * HOUR;
          expect(status.elapsed + status.remaining).toBe(total);
          expect(status.pausedFor).toBe(gaps.reduce((s, [, pause]) => s + pause, 0));
        },
      ),
    );
  });
});
