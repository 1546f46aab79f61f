import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bot protection for the public form without a third-party service: a honeypot field people never
 * see (bots fill it in) and a signed time stamp put in the form when it is shown. A submission is
 * refused when it comes back faster than a person can type or after the form went stale.
 */
export const FORM_TIMING = { minMs: 3_000, maxMs: 24 * 60 * 60 * 1000 } as const;

/** Name of the honeypot field; a plausible name so that bots fill it in. */
export const HONEYPOT_FIELD = 'website';

export type StampCheck = 'ok' | 'tooFast' | 'expired' | 'invalid';

const mac = (secret: string, value: string): string =>
  createHmac('sha256', secret).update(`form-stamp:${value}`).digest('base64url');

/** A stamp for a form shown at `now` (ms since the epoch): `<time>.<signature>`. */
export function signFormStamp(secret: string, now = Date.now()): string {
  const value = String(now);
  return `${value}.${mac(secret, value)}`;
}

/** Checks a stamp that came back with a submission at `now`. */
export function checkFormStamp(secret: string, stamp: unknown, now = Date.now()): StampCheck {
  if (typeof stamp !== 'string') return 'invalid';
  const [value, signature, ...rest] = stamp.split('.');
  if (!value || !signature || rest.length || !/^\d{1,15}$/.test(value)) return 'invalid';
  const expected = Buffer.from(mac(secret, value));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now - Number(value);
  if (age < FORM_TIMING.minMs) return 'tooFast';
  if (age > FORM_TIMING.maxMs) return 'expired';
  return 'ok';
}

/** Whether the honeypot was filled in (any non-blank value). */
export function honeypotTripped(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}
