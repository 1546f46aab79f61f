import path from 'node:path';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../core/db/entities';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../core/i18n';
import { HttpError } from '../http-errors';
import { assetUrls } from '../pages/assets';
import { renderPage, type PageData } from '../pages/view-renderer';

/** The compliance and reports pages' own styles (screen and print), served beside the pages. */
export const COMPLIANCE_CSS_FILE = path.resolve(__dirname, 'compliance.css');
export const COMPLIANCE_CSS_URL = '/staff/compliance/assets/compliance.css';

/** Roles that may read the compliance pages and reports (admins pass every guard). */
export const READER_ROLES: Role[] = ['compliance', 'admin'];

const localeOf = (req: Request): Locale =>
  req.staff && isLocale(req.staff.locale) ? req.staff.locale : DEFAULT_LOCALE;

/** The shared staff script (times in the viewer's zone, confirmations) when it is built, plus `entries`. */
function bundles(entries: string[]): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [COMPLIANCE_CSS_URL];
  for (const entry of ['staff', ...entries]) {
    try {
      const urls = assetUrls(entry);
      scripts.push(urls.js);
      styles.push(...urls.css);
    } catch (err) {
      // The staff workspace's script is optional here; our own entries are not.
      if (entry !== 'staff') throw err;
    }
  }
  return { scripts, styles };
}

/** Renders a compliance/reports view in the staff layout, never cached (it shows personal data). */
export function renderCompliancePage(
  req: Request,
  res: Response,
  view: string,
  data: { title: string; entries?: string[]; [key: string]: unknown },
  status = 200,
): void {
  const { entries = [], ...rest } = data;
  res.set('Cache-Control', 'no-store');
  const page: PageData = { ...rest, title: data.title, ...bundles(entries), locale: localeOf(req) };
  renderPage(res, view, page, 'staff', status);
}

/**
 * Page guard: without a session, to the login page and back; with a password change due, to that
 * page; without the compliance or admin role, a 403 page.
 */
export const requireReaderPage: RequestHandler = (req, res, next) => {
  if (!req.staff) return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
  if (req.staff.mustChangePassword) return res.redirect(303, '/staff/password');
  if (!req.staff.roles.some((r) => READER_ROLES.includes(r)))
    return next(new HttpError(403, 'Compliance pages need the compliance or admin role.'));
  next();
};

/** 4xx on these pages become a page in the staff layout (the API keeps its JSON errors). */
export const compliancePageErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const status = err instanceof HttpError ? err.status : (err as { status?: number })?.status;
  if (res.headersSent || !status || status < 400 || status >= 500) return next(err);
  if (status === 401) return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
  const details =
    err instanceof HttpError && Array.isArray(err.details)
      ? (err.details as { field: string; message: string }[])
      : [];
  renderCompliancePage(
    req,
    res,
    'compliance/error',
    {
      title: status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Cannot show this',
      status,
      message: (err as Error).message,
      details,
    },
    status,
  );
};
