import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/audit-log';
import { StaffUser } from '../../core/db/entities';
import { verifyPassword } from '../../core/staff/passwords';
import { StaffService } from '../../core/staff/staff.service';
import type { WebContext } from '../context';
import { UnauthorizedError, BadRequestError } from '../http-errors';
import { parseInput } from '../validate';
import { requireStaff } from './require-role';

/** Body of a login. */
export const loginSchema = z.object({
  email: z.email('Enter your email address'),
  password: z.string().min(1, 'Enter your password').max(1000),
});
/** Body of a password change. */
export const passwordSchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(12, 'The new password needs at least 12 characters').max(1000),
});

/** JSON login/logout for staff; the staff pages post to the same endpoints. */
export function authController(
  ctx: WebContext,
  csrfToken: (
    req: Parameters<Parameters<Router['get']>[1]>[0],
    res: Parameters<Parameters<Router['get']>[1]>[1],
  ) => string,
): Router {
  const router = Router();
  const staff = new StaffService(ctx.dataSource);
  // Ten tries per quarter hour per address and client: slows guessing, never locks a user out for long.
  const loginLimit = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only failures count, so a colleague's typos never lock out a busy shared office.
    skipSuccessfulRequests: true,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: string })?.email ?? '').toLowerCase()}`,
    message: { error: 'Too many login attempts. Wait a few minutes and try again.' },
  });

  router.get('/auth/csrf', (req, res) => {
    res.json({ csrfToken: csrfToken(req, res) });
  });

  router.post('/auth/login', loginLimit, async (req, res) => {
    const { email, password } = parseInput(loginSchema, req.body, 'login');
    const user = await staff.authenticate(email, password);
    if (!user) {
      throw new UnauthorizedError('Wrong email or password.');
    }
    // A new session id at login prevents session fixation.
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((err) => (err ? reject(err) : resolve())),
    );
    req.session.userId = user.id;
    await ctx.dataSource.transaction((m) =>
      appendAudit(m, {
        actor: `user:${user.id}`,
        action: 'user.login',
        entityType: 'staff_user',
        entityId: user.id,
      }),
    );
    res.json({
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        roles: user.roles,
        groups: user.groups,
        mustChangePassword: user.mustChangePassword,
      },
      csrfToken: csrfToken(req, res),
    });
  });

  router.post('/auth/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.json({ ok: true })));
  });

  router.get('/auth/me', requireStaff, (req, res) => {
    res.json({ user: req.staff });
  });

  router.post('/auth/password', requireStaff, async (req, res) => {
    const { currentPassword, newPassword } = parseInput(passwordSchema, req.body, 'password change');
    const user = await ctx.dataSource.getRepository(StaffUser).findOneByOrFail({ id: req.staff!.userId });
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      throw new BadRequestError('The current password is not right.');
    await staff.changeOwnPassword(user.id, newPassword);
    res.json({ ok: true });
  });

  return router;
}
