import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens for links we send customers (survey, answer a question): the complaint id and a nonce,
 * signed with HMAC-SHA256 under a purpose, so a token for one purpose or complaint cannot be forged
 * or reused for another. Single use is enforced where the token is redeemed.
 */
export function signLink(secret: string, purpose: string, complaintId: string, nonce: string): string {
  const payload = Buffer.from(`${complaintId}.${nonce}`).toString('base64url');
  return `${payload}.${mac(secret, purpose, payload)}`;
}

export function verifyLink(
  secret: string,
  purpose: string,
  token: string,
): { complaintId: string; nonce: string } | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) return null;
  const expected = Buffer.from(mac(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [complaintId, nonce] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  return complaintId && nonce ? { complaintId, nonce } : null;
}

function mac(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${payload}`).digest('base64url');
}
