import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { DEFAULT_LOCALE, isLocale, t, type Locale } from '../../../core/i18n';
import { can, type Permission } from '../../../core/staff/permissions';
import { HttpError } from '../../http-errors';
import { assetUrls } from '../../pages/assets';
import { renderPage } from '../../pages/view-renderer';
import { toHttpError } from '../guards';

declare module 'express-session' {
  interface SessionData {
    /** A one-line confirmation or refusal shown once on the next staff page (post/redirect/get). */
    flash?: { kind: 'ok' | 'error'; text: string };
  }
}

/** The language of a staff page: the user's own setting, else `?lang=`, else English. */
export function staffLocale(req: Request): Locale {
  if (req.staff && isLocale(req.staff.locale)) return req.staff.locale;
  const asked = req.query.lang;
  return typeof asked === 'string' && isLocale(asked) ? asked : DEFAULT_LOCALE;
}

/** Script and style URLs of browser entries, for the staff layout's `scripts` and `styles`. */
export function bundles(...entries: string[]): { scripts: string[]; styles: string[] } {
  const urls = entries.map((e) => assetUrls(e));
  return { scripts: urls.map((u) => u.js), styles: urls.flatMap((u) => u.css) };
}

/** What a staff view gets: its title, the browser entries it needs besides `staff`, and its own data. */
export interface StaffPageData {
  title: string;
  entries?: string[];
  [key: string]: unknown;
}

/**
 * Renders a staff page (views under web/views/staff) in the staff layout: the user's language, the
 * shared staff script, the flash message left by the previous post, never cached.
 */
export function renderStaffPage(
  req: Request,
  res: Response,
  view: string,
  data: StaffPageData,
  status = 200,
): void {
  const locale = staffLocale(req);
  // A live list's background refresh (inbox.entry.ts) shows no message and leaves it for the page that follows.
  const refresh = req.get('x-redress-refresh') === '1';
  const flash = refresh ? undefined : req.session?.flash;
  if (flash) delete req.session.flash;
  const { entries = [], ...rest } = data;
  res.set('Cache-Control', 'no-store');
  renderPage(
    res,
    `staff/${view}`,
    { ...rest, ...bundles('staff', 'staff-workspace', ...entries), locale, flash },
    'staff',
    status,
  );
}

/** Leaves a message for the next page and redirects there (after a form post). */
export function redirectWithFlash(
  req: Request,
  res: Response,
  to: string,
  kind: 'ok' | 'error',
  text: string,
): void {
  if (!req.session) return res.redirect(303, to);
  req.session.flash = { kind, text };
  redirectAfterSave(req, res, to);
}

/**
 * Redirects once the session is stored. express-session saves while the response is already going
 * out, so a browser quick to follow the redirect could otherwise load the next page without the
 * message (or, after a login, without the login).
 */
export function redirectAfterSave(req: Request, res: Response, to: string): void {
  req.session.save((err) => {
    if (err) console.error('[web] session save failed:', err);
    res.redirect(303, to);
  });
}

/**
 * A staff page of this site to go back to after a login or a form post (the workspace, the modeler,
 * the development outbox); anything else, such as another site, falls back to `fallback`.
 */
export function safeReturn(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(staff|modeler|dev\/outbox)(\/|\?|$)/.test(value)
    ? value
    : fallback;
}

/** Pages need a session: without one, to the login page (and back here after); with a due password change, to that page. */
export const pageSignedIn: RequestHandler = (req, res, next) => {
  if (!req.staff) return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
  if (req.staff.mustChangePassword) return res.redirect(303, '/staff/password');
  next();
};

/** Like {@link pageSignedIn}, and the role must grant the permission (else a 403 page). */
export function pagePermission(permission: Permission): RequestHandler {
  return (req, res, next) =>
    pageSignedIn(req, res, () => {
      if (!can(req.staff!.roles, permission))
        return next(new HttpError(403, t(staffLocale(req), 'error.forbidden')));
      next();
    });
}

/**
 * Errors on staff pages become a readable page in the staff layout (the API keeps its JSON errors).
 * Mounted after the page routes and for the whole `/staff` path, so it also catches the CSRF check's
 * refusal, which happens before any route.
 */
export const pageErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const e = toHttpError(err);
  const status = e instanceof HttpError ? e.status : (e as { status?: number })?.status;
  if (res.headersSent || !status || status < 400 || status >= 500) return next(e);
  if (status === 401) return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
  const locale = staffLocale(req);
  const text = (e as Error).message;
  // The CSRF check's refusal: the form is older than the session (or came from elsewhere).
  const message = status === 403 && /form has expired/i.test(text) ? t(locale, 'error.sessionExpired') : text;
  renderStaffPage(req, res, 'error', { title: t(locale, 'staff.error.title'), status, message }, status);
};
