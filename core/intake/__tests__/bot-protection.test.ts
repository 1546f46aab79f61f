import { checkFormStamp, FORM_TIMING, honeypotTripped, signFormStamp } from '../bot-protection';

const SECRET = 'a-secret-of-enough-length-for-the-test-0123456789';

describe('bot protection of the public form', () => {
  const shown = 1_764_000_000_000;

  it('should accept a form sent a person-like time after it was shown', () => {
    const stamp = signFormStamp(SECRET, shown);
    expect(checkFormStamp(SECRET, stamp, shown + 45_000)).toBe('ok');
  });

  it('should refuse a form sent faster than a person can fill it in', () => {
    const stamp = signFormStamp(SECRET, shown);
    expect(checkFormStamp(SECRET, stamp, shown + FORM_TIMING.minMs - 1)).toBe('tooFast');
  });

  it('should refuse a form shown more than a day ago', () => {
    const stamp = signFormStamp(SECRET, shown);
    expect(checkFormStamp(SECRET, stamp, shown + FORM_TIMING.maxMs + 1)).toBe('expired');
  });

  it('should refuse a stamp whose time was changed, that is signed with another secret, or is missing', () => {
    const stamp = signFormStamp(SECRET, shown);
    const [, signature] = stamp.split('.');
    expect(checkFormStamp(SECRET, `${shown - 60_000}.${signature}`, shown + 10_000)).toBe('invalid');
    expect(checkFormStamp('another-secret-of-enough-length-0123456789', stamp, shown + 10_000)).toBe(
      'invalid',
    );
    expect(checkFormStamp(SECRET, undefined, shown)).toBe('invalid');
    expect(checkFormStamp(SECRET, 'garbage', shown)).toBe('invalid');
  });

  it('should trip the honeypot only when it was filled in', () => {
    expect(honeypotTripped('')).toBe(false);
    expect(honeypotTripped('   ')).toBe(false);
    expect(honeypotTripped(undefined)).toBe(false);
    expect(honeypotTripped('http://spam.example')).toBe(true);
  });
});
