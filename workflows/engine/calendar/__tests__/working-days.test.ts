import {
  addBusinessDays,
  businessDaysBetween,
  calendarProblems,
  endOfLocalDay,
  isWorkingDate,
  isWorkingDay,
  localDateOf,
  retreatBusiness,
} from '../working-days';
import { DAY } from '../zone';
import { at, iso, IRAN, IRAN_THU_FRI, UK } from './fixtures';

describe('working days on a calendar', () => {
  it('should skip the weekend: Friday 10:00 plus one business day is Monday 10:00', () => {
    // given a Friday morning in London (GMT in January)
    const friday = at('2026-01-09T10:00:00Z');
    // when one business day is added / then it is Monday at the same time
    expect(iso(addBusinessDays(friday, 1, UK))).toBe('2026-01-12T10:00:00.000Z');
  });

  it('should start counting at the next working day when received at the weekend', () => {
    // given a complaint received on Saturday afternoon
    const saturday = at('2026-01-10T15:00:00Z');
    // when 3 business days are added / then Monday, Tuesday and Wednesday are used up: Thursday 00:00
    expect(iso(addBusinessDays(saturday, 3, UK))).toBe('2026-01-15T00:00:00.000Z');
    // and adding none from a weekend moves to the start of Monday
    expect(iso(addBusinessDays(saturday, 0, UK))).toBe('2026-01-12T00:00:00.000Z');
  });

  it('should skip bank holidays and the weekend around Christmas', () => {
    // given Christmas Eve 2025 (a Wednesday) at 09:00
    const eve = at('2025-12-24T09:00:00Z');
    // when business days are added / then 25, 26 (holidays), 27, 28 (weekend) do not count
    expect(iso(addBusinessDays(eve, 1, UK))).toBe('2025-12-29T09:00:00.000Z');
    expect(iso(addBusinessDays(eve, 2, UK))).toBe('2025-12-30T09:00:00.000Z');
  });

  it("should carry a count across the year end, skipping New Year's Day", () => {
    // given New Year's Eve 2025 at 10:00
    const nye = at('2025-12-31T10:00:00Z');
    // when 1 and 3 business days are added / then 1 January is skipped
    expect(iso(addBusinessDays(nye, 1, UK))).toBe('2026-01-02T10:00:00.000Z');
    expect(iso(addBusinessDays(nye, 3, UK))).toBe('2026-01-06T10:00:00.000Z');
  });

  it('should count business days between two instants, fractions included', () => {
    // given 24 December 09:00 to 2 January 09:00
    // then 0.625 (24th from 09:00) + 3 (29th–31st) + 0.375 (2nd until 09:00) = 4 business days
    expect(businessDaysBetween(at('2025-12-24T09:00:00Z'), at('2026-01-02T09:00:00Z'), UK)).toBe(4);
    // and backwards it is negative
    expect(businessDaysBetween(at('2026-01-02T09:00:00Z'), at('2025-12-24T09:00:00Z'), UK)).toBe(-4);
  });

  it('should keep the local time across a daylight-saving change', () => {
    // given Friday 27 March 2026, 10:00 GMT; clocks go forward on Sunday 29 March
    const friday = at('2026-03-27T10:00:00Z');
    // when 3 business days are added / then Wednesday 1 April at 10:00 BST (09:00 UTC)
    expect(iso(addBusinessDays(friday, 3, UK))).toBe('2026-04-01T09:00:00.000Z');
    expect(businessDaysBetween(friday, at('2026-04-01T09:00:00Z'), UK)).toBe(3);
  });

  it('should treat Friday as the weekend in Iran, and Nowruz as holidays', () => {
    // given Thursday 19 March 2026, 10:00 in Tehran (06:30 UTC)
    const thursday = at('2026-03-19T06:30:00Z');
    // when one business day is added / then Friday (weekend) and 21–24 March (Nowruz) are skipped
    expect(iso(addBusinessDays(thursday, 1, IRAN))).toBe('2026-03-25T06:30:00.000Z');
    // and Saturday is a working day there in an ordinary week
    expect(isWorkingDate('2026-03-14', IRAN)).toBe(true);
    expect(isWorkingDate('2026-03-13', IRAN)).toBe(false);
  });

  it('should treat Thursday and Friday as the weekend where both are off', () => {
    // given Wednesday 18 March 2026, 10:00 in Tehran
    const wednesday = at('2026-03-18T06:30:00Z');
    // then the next business day is Saturday
    expect(iso(addBusinessDays(wednesday, 1, IRAN_THU_FRI))).toBe('2026-03-21T06:30:00.000Z');
  });

  it("should decide the day in the calendar's time zone, not in UTC", () => {
    // given Thursday 23:00 UTC, which is already Friday 02:30 in Tehran
    const late = at('2026-03-12T23:00:00Z');
    // then it is not a working day in Iran, but is in London
    expect(localDateOf(late, IRAN.timeZone)).toBe('2026-03-13');
    expect(isWorkingDay(late, IRAN)).toBe(false);
    expect(isWorkingDay(late, UK)).toBe(true);
  });

  it('should go back in business time, landing on a working day', () => {
    // given Monday 12 January 10:00 / when 1 business day is taken off / then Friday 10:00
    expect(iso(retreatBusiness(at('2026-01-12T10:00:00Z'), DAY, UK))).toBe('2026-01-09T10:00:00.000Z');
  });

  it('should give the end of the local day', () => {
    // given Thursday 8 January 10:00 in London / then the day ends at Friday 00:00
    expect(iso(endOfLocalDay(at('2026-01-08T10:00:00Z'), 'Europe/London'))).toBe('2026-01-09T00:00:00.000Z');
    // and midnight is already the end of the day before
    expect(iso(endOfLocalDay(at('2026-01-09T00:00:00Z'), 'Europe/London'))).toBe('2026-01-09T00:00:00.000Z');
  });

  it('should refuse calendars it cannot count on', () => {
    expect(calendarProblems({ weekend: [0, 1, 2, 3, 4, 5, 6], holidays: [], timeZone: 'UTC' })).toEqual([
      'at least one day of the week must be a working day',
    ]);
    expect(
      calendarProblems({ weekend: [7], holidays: ['2026-02-30'], timeZone: 'Mars/Olympus' }),
    ).toHaveLength(3);
    expect(() => addBusinessDays(0, -1, UK)).toThrow('cannot add -1 business days');
  });
});
