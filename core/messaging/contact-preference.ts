/**
 * How a customer wants to hear from us about a complaint. The product sends email and SMS only (no
 * letters), so those are the choices; the complaint keeps the choice it was made with.
 */
export const CONTACT_PREFERENCES = ['email', 'sms', 'both'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

/** A channel messages go out on. */
export type ContactChannel = 'email' | 'sms';

/** Whether a customer with this preference wants messages on this channel. */
export function wantsChannel(preference: ContactPreference, channel: ContactChannel): boolean {
  return preference === 'both' || preference === channel;
}

/**
 * The preference of a complaint whose channel did not ask (an email, an older API client): every
 * channel the customer gave an address for, which is how messages went out before it was asked.
 */
export function impliedContactPreference(contact: {
  email?: string | null;
  phone?: string | null;
}): ContactPreference {
  if (contact.email && contact.phone) return 'both';
  return contact.phone && !contact.email ? 'sms' : 'email';
}

/** The reason recorded on a message that was not sent because the customer chose another channel. */
export function skippedReason(preference: ContactPreference): string {
  return `skipped: customer prefers ${preference === 'sms' ? 'SMS' : preference}`;
}
