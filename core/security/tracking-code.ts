import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: easy to read out on the phone, no ambiguous characters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A tracking code like `RD-7KQ2-M9XD-4TPH-WC3N`: 16 random base32 characters = 80 bits, so it is
 * unguessable and can serve as the customer's only key to their complaint.
 */
export function newTrackingCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join('');
  return `RD-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

export const TRACKING_CODE_PATTERN = /^RD-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
