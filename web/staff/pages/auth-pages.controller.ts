import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { appendAudit } from '../../../core/audit/audit-log';
import { StaffUser } from '../../../core/db/entities';
import { t } from '../../../core/i18n';
import { verifyPassword } from '../../../core/staff/passwords';
import { SESSION_COOKIE } from '../../auth/session';
import type { StaffDeps } from '../staff-deps';
import { redirectAfterSave, redirectWithFlash, renderStaffPage, safeReturn, staffLocale } from './staff-page';

const loginSchema = z.object({
  email: z.string().trim().max(320),
  password: z.string().max(1000),
  next: z.string().max(2000).optional(),
});
const passwordSchema = z.object({
  currentPassword: z.string().max(1000),
  newPassword: z.string().max(1000),
  confirmPassword: z.string().max(1000),
});
const MIN_PASSWORD = 12;

/**
 * Login, logout and the password change for the staff pages. The same StaffService, session and
 * audit entries as the JSON API (web/auth/auth.controller.ts); forms post with the `_csrf` field.
 */
export function authPagesController(deps: StaffDeps): Router {
  const router = Router();

  // The same limits as the API's login: ten failures per quarter hour per address and client.
  const loginLimit = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: (req) =>
      `page|${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: string })?.email ?? '').toLowerCase()}`,
    handler: (req, res) =>
      showLogin(req, res, { error: t(staffLocale(req), 'staff.login.tooMany'), status: 429 }),
  });

  const showLogin = (
    req: Request,
    res: Response,
    opts: { error?: string; email?: string; status?: number } = {},
  ): void => {
    const locale = staffLocale(req);
    renderStaffPage(
      req,
      res,
      'login',
      {
        title: t(locale, 'staff.signIn'),
        error: opts.error,
        email: opts.email ?? '',
        next: safeReturn(req.query.next ?? (req.body as { next?: string })?.next, ''),
      },
      opts.status,
    );
  };

  router.get('/staff', (req, res) => res.redirect(303, req.staff ? '/staff/inbox' : '/staff/login'));

  router.get('/staff/login', (req, res) => {
    if (req.staff && !req.staff.mustChangePassword)
      return res.redirect(303, safeReturn(req.query.next, '/staff/inbox'));
    // An expired session's cookie would make the form's token check fail: drop it, the login makes a new one.
    if (!req.staff && req.cookies?.[SESSION_COOKIE]) res.clearCookie(SESSION_COOKIE);
    showLogin(req, res);
  });

  router.post('/staff/login', loginLimit, async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    const email = parsed.success ? parsed.data.email : '';
    const user =
      parsed.success && email && parsed.data.password
        ? await deps.staff.authenticate(email, parsed.data.password)
        : null;
    if (!user)
      return showLogin(req, res, {
        error: t(staffLocale(req), 'staff.login.wrongCredentials'),
        email,
        status: 401,
      });
    // A new session id at login prevents session fixation.
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((err) => (err ? reject(err) : resolve())),
    );
    req.session.userId = user.id;
    await deps.ctx.dataSource.transaction((m) =>
      appendAudit(m, {
        actor: `user:${user.id}`,
        action: 'user.login',
        entityType: 'staff_user',
        entityId: user.id,
      }),
    );
    redirectAfterSave(
      req,
      res,
      user.mustChangePassword ? '/staff/password' : safeReturn(parsed.data?.next, '/staff/inbox'),
    );
  });

  router.post('/staff/logout', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      // Without the stale cookie the login form needs no token from a session that no longer exists.
      res.clearCookie(SESSION_COOKIE);
      res.redirect(303, '/staff/login');
    });
  });

  const showPassword = (req: Request, res: Response, errors: string[] = [], status = 200): void => {
    if (!req.staff) return res.redirect(303, '/staff/login');
    const locale = staffLocale(req);
    renderStaffPage(
      req,
      res,
      'password',
      {
        title: t(locale, 'staff.passwordChange.title'),
        forced: req.staff.mustChangePassword,
        errors,
        minLength: MIN_PASSWORD,
      },
      status,
    );
  };

  router.get('/staff/password', (req, res) => showPassword(req, res));

  router.post('/staff/password', async (req, res) => {
    if (!req.staff) return res.redirect(303, '/staff/login');
    const locale = staffLocale(req);
    const parsed = passwordSchema.safeParse(req.body);
    if (!parsed.success)
      return showPassword(req, res, [t(locale, 'staff.passwordChange.errors.missing')], 400);
    const { currentPassword, newPassword, confirmPassword } = parsed.data;
    const user = await deps.ctx.dataSource.getRepository(StaffUser).findOneByOrFail({ id: req.staff.userId });
    const errors: string[] = [];
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      errors.push(t(locale, 'staff.passwordChange.errors.current'));
    if (newPassword.length < MIN_PASSWORD)
      errors.push(t(locale, 'staff.passwordChange.errors.short', { count: MIN_PASSWORD }));
    if (newPassword !== confirmPassword) errors.push(t(locale, 'staff.passwordChange.errors.mismatch'));
    if (newPassword && newPassword === currentPassword)
      errors.push(t(locale, 'staff.passwordChange.errors.same'));
    if (errors.length) return showPassword(req, res, errors, 400);
    await deps.staff.changeOwnPassword(user.id, newPassword);
    redirectWithFlash(req, res, '/staff/inbox', 'ok', t(locale, 'staff.passwordChange.changed'));
  });

  return router;
}
