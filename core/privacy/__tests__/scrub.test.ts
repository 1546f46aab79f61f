import { addYears } from '../retention';
import { PSEUDONYMISED, replaceValues, scrubFormData } from '../scrub';

describe('pseudonymisation helpers', () => {
  it('should replace free text in form data but keep choices, numbers and booleans', () => {
    expect(
      scrubFormData({
        findings: 'Spoke to Olga about it',
        remedyType: 'refund',
        remedyAmount: 12.5,
        solved: true,
        notes: ['a long note'],
      }),
    ).toEqual({
      findings: PSEUDONYMISED,
      remedyType: 'refund',
      remedyAmount: 12.5,
      solved: true,
      notes: [PSEUDONYMISED],
    });
  });

  it('should replace every occurrence of the personal values, case-insensitively, and ignore very short ones', () => {
    expect(
      replaceValues({ message: 'Mailbox OLGA@x.test is full for Olga', n: 3 }, ['Olga', 'olga@x.test', 'ab']),
    ).toEqual({
      message: `Mailbox ${PSEUDONYMISED} is full for ${PSEUDONYMISED}`,
      n: 3,
    });
    expect(replaceValues({ message: 'a+b (c)' }, ['a+b (c)'])).toEqual({ message: PSEUDONYMISED });
  });

  it('should add calendar years', () => {
    expect(addYears(new Date('2020-02-29T12:00:00Z'), 6).toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(addYears(new Date('2019-05-10T00:00:00Z'), 6).toISOString()).toBe('2025-05-10T00:00:00.000Z');
  });
});
