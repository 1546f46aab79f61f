import type { Request, Response } from 'express';
import { isLocale, pickLocale, type Locale } from '../../core/i18n';

/** Cookie that remembers the language a customer chose with the switcher (`?lang=fa`). */
export const LANG_COOKIE = 'redress.lang';

/**
 * The language of a customer page: `?lang=` (remembered in a cookie), then the cookie, then what we
 * know of the customer (their complaint's language), then the browser's Accept-Language.
 */
export function customerLocale(req: Request, res: Response, known?: string | null): Locale {
  const asked = typeof req.query.lang === 'string' && isLocale(req.query.lang) ? req.query.lang : undefined;
  // Remembered only when chosen with the switcher (a GET link), not from a form's action URL.
  if (asked && req.method === 'GET' && req.cookies?.[LANG_COOKIE] !== asked) {
    res.cookie(LANG_COOKIE, asked, {
      maxAge: 365 * 24 * 3600 * 1000,
      sameSite: 'lax',
      httpOnly: true,
      path: '/',
    });
  }
  const remembered = req.cookies?.[LANG_COOKIE] as string | undefined;
  return pickLocale(
    asked,
    remembered && isLocale(remembered) ? remembered : undefined,
    known && isLocale(known) ? known : undefined,
    req.headers['accept-language'],
  );
}
