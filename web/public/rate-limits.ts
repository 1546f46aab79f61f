import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { customerLocale } from './public-locale';
import { renderNotice } from './public-pages';

/** Limits per client address (behind the loopback proxy, the forwarded address). */
export const RATE_LIMITS = {
  /** Complaint submissions through the form. */
  complaintForm: { windowMs: 15 * 60_000, limit: 10 },
  /** Tracking lookups that fail (wrong codes): guessing codes is the attack; reading your own page is not. */
  trackingMisses: { windowMs: 15 * 60_000, limit: 20 },
  /** Every tracking, survey and message request. */
  customerPages: { windowMs: 15 * 60_000, limit: 300 },
} as const;

const tooMany = (req: Request, res: Response): void => {
  const locale = customerLocale(req, res);
  res.set('Retry-After', '900');
  renderNotice(res, locale, 429, 'customer.errors.tooManyTitle', 'form.errors.rateLimited');
};

/** A per-IP limiter answering with a translated page. */
export function customerRateLimit(
  opts: { windowMs: number; limit: number },
  countOnlyFailures = false,
): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: countOnlyFailures,
    handler: (req, res) => tooMany(req, res),
  });
}
