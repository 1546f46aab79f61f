import { checkMandatoryClauses } from '../letter-pack';
import { profileByKey } from '../profiles';

const uk = profileByKey('uk-fca');

describe('mandatory clauses of final-response letters', () => {
  const complete = [
    'We have finished looking into your complaint.',
    'If you are not happy with our answer, you may refer your complaint to the <b>Financial   Ombudsman Service</b>, free of charge.',
    'Financial Ombudsman Service, Exchange Tower, London E14 9SR.',
    'You must do so WITHIN SIX MONTHS of the date of this letter.',
  ].join('\n');

  it('should accept a letter with every clause, whatever its case, tags and spacing', () => {
    expect(checkMandatoryClauses('resolution', 'en', complete, uk)).toEqual({ required: true, missing: [] });
  });

  it('should name each clause a letter lacks', () => {
    // given a letter without the six-month notice and the address
    const text = 'You may refer your complaint to the Financial Ombudsman Service.';
    // then both are reported
    expect(checkMandatoryClauses('resolution', 'en', text, uk).missing.map((m) => m.key)).toEqual([
      'ombudsmanAddress',
      'sixMonthNotice',
    ]);
  });

  it('should read Persian letters with the Persian markers', () => {
    const fa =
      'می‌توانید شکایت خود را به Financial Ombudsman Service ارجاع دهید، Exchange Tower, London E14 9SR، ظرف ۶ ماه.';
    expect(checkMandatoryClauses('resolution', 'fa', fa, uk).missing).toEqual([]);
  });

  it('should NOT require clauses of messages that are not final responses, or under a profile without any', () => {
    expect(checkMandatoryClauses('acknowledgment', 'en', 'Thank you', uk)).toEqual({
      required: false,
      missing: [],
    });
    expect(checkMandatoryClauses('resolution', 'en', 'Our answer', profileByKey('us-cfpb'))).toEqual({
      required: true,
      missing: [],
    });
  });
});
