import { Router, type Request, type Response } from 'express';
import { LOCALE_CODES } from '../../../core/complaints/intake.service';
import { ROLES } from '../../../core/db/entities';
import { t } from '../../../core/i18n';
import { WorkspaceRuleError } from '../../../core/staff/errors';
import { can } from '../../../core/staff/permissions';
import type { StaffUserView } from '../../../core/staff/staff-admin.service';
import { newGroupSchema, newUserSchema, userPatchSchema, groupPatchSchema } from '../admin.controller';
import { httpCall, viewerOf } from '../guards';
import { idParam } from '../params';
import type { StaffDeps } from '../staff-deps';
import { pagePermission, redirectWithFlash, renderStaffPage, staffLocale } from './staff-page';

/** Checkbox groups arrive as one string or several. */
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

const firstIssue = (err: { issues: { message: string }[] }): string =>
  err.issues.map((i) => i.message).join(' ');

/**
 * `/staff/admin`: accounts (create with a one-time password, change roles and groups, deactivate,
 * reset the password) and groups (create, rename, delete when unused). Compliance sees the page
 * without any of its buttons. Every change goes through StaffAdminService, which audits it.
 */
export function adminPagesController(deps: StaffDeps): Router {
  const router = Router();
  const read = pagePermission('admin.read');
  const write = pagePermission('admin.write');

  const showAdmin = async (
    req: Request,
    res: Response,
    extra: {
      created?: { user: StaffUserView; oneTimePassword: string };
      error?: string;
      status?: number;
    } = {},
  ): Promise<void> => {
    const locale = staffLocale(req);
    const [users, groups] = await Promise.all([deps.admin.listUsers(), deps.admin.listGroups()]);
    renderStaffPage(
      req,
      res,
      'admin',
      {
        title: t(locale, 'staff.admin.title'),
        mayWrite: can(viewerOf(req).roles, 'admin.write'),
        users: users.map((u) => ({
          ...u,
          roleList: u.roles.map((r) => t(locale, `staff.role.${r}`)).join(', '),
          groupList: u.groups.join(', '),
        })),
        groups,
        roles: ROLES.map((value) => ({ value, label: t(locale, `staff.role.${value}`) })),
        locales: LOCALE_CODES.map((value) => ({ value, label: t(locale, `language.${value}`) })),
        created: extra.created,
        error: extra.error,
      },
      extra.status,
    );
  };

  const showUser = async (
    req: Request,
    res: Response,
    id: string,
    extra: { oneTimePassword?: string; error?: string; status?: number } = {},
  ): Promise<void> => {
    const locale = staffLocale(req);
    const [user, groups] = await Promise.all([
      httpCall(() => deps.admin.getUser(id)),
      deps.admin.listGroups(),
    ]);
    renderStaffPage(
      req,
      res,
      'admin-user',
      {
        title: user.name,
        user,
        mayWrite: can(viewerOf(req).roles, 'admin.write'),
        roles: ROLES.map((value) => ({
          value,
          label: t(locale, `staff.role.${value}`),
          checked: user.roles.includes(value),
        })),
        groups: groups.map((g) => ({ value: g.key, label: g.name, checked: user.groups.includes(g.key) })),
        locales: LOCALE_CODES.map((value) => ({
          value,
          label: t(locale, `language.${value}`),
          selected: user.locale === value,
        })),
        oneTimePassword: extra.oneTimePassword,
        error: extra.error,
      },
      extra.status,
    );
  };

  router.get('/staff/admin', read, async (req, res) => showAdmin(req, res));

  router.post('/staff/admin/users', write, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = newUserSchema.safeParse({
      email: body.email,
      name: body.name,
      roles: list(body.roles),
      groups: list(body.groups),
      locale: body.locale || undefined,
    });
    if (!parsed.success) return showAdmin(req, res, { error: firstIssue(parsed.error), status: 400 });
    try {
      const created = await deps.admin.createUser(parsed.data, `user:${viewerOf(req).userId}`);
      await showAdmin(req, res, { created, status: 201 });
    } catch (err) {
      if (err instanceof WorkspaceRuleError) return showAdmin(req, res, { error: err.message, status: 409 });
      throw err;
    }
  });

  router.get('/staff/admin/users/:id', read, async (req, res) => showUser(req, res, idParam(req)));

  router.post('/staff/admin/users/:id', write, async (req, res) => {
    const id = idParam(req);
    const body = req.body as Record<string, unknown>;
    const parsed = userPatchSchema.safeParse({
      name: body.name,
      roles: list(body.roles),
      groups: list(body.groups),
      locale: body.locale,
      active: body.active === 'on' || body.active === 'true',
    });
    if (!parsed.success) return showUser(req, res, id, { error: firstIssue(parsed.error), status: 400 });
    try {
      await deps.admin.updateUser(id, parsed.data, viewerOf(req));
      redirectWithFlash(req, res, `/staff/admin/users/${id}`, 'ok', t(staffLocale(req), 'staff.admin.saved'));
    } catch (err) {
      if (err instanceof WorkspaceRuleError)
        return showUser(req, res, id, { error: err.message, status: err.reason === 'not_found' ? 404 : 409 });
      throw err;
    }
  });

  router.post('/staff/admin/users/:id/reset-password', write, async (req, res) => {
    const id = idParam(req);
    const { oneTimePassword } = await httpCall(() => deps.admin.resetPassword(id, viewerOf(req)));
    await showUser(req, res, id, { oneTimePassword });
  });

  router.post('/staff/admin/groups', write, async (req, res) => {
    const parsed = newGroupSchema.safeParse(req.body);
    if (!parsed.success) return showAdmin(req, res, { error: firstIssue(parsed.error), status: 400 });
    try {
      const group = await deps.admin.createGroup(parsed.data, viewerOf(req));
      redirectWithFlash(
        req,
        res,
        '/staff/admin#groups',
        'ok',
        t(staffLocale(req), 'staff.admin.groupCreated', { name: group.name }),
      );
    } catch (err) {
      if (err instanceof WorkspaceRuleError) return showAdmin(req, res, { error: err.message, status: 409 });
      throw err;
    }
  });

  router.post('/staff/admin/groups/:key', write, async (req, res) => {
    const parsed = groupPatchSchema.safeParse({ name: (req.body as { name?: unknown }).name });
    if (!parsed.success) return showAdmin(req, res, { error: firstIssue(parsed.error), status: 400 });
    try {
      await deps.admin.renameGroup(String(req.params.key), parsed.data.name, viewerOf(req));
      redirectWithFlash(req, res, '/staff/admin#groups', 'ok', t(staffLocale(req), 'staff.admin.saved'));
    } catch (err) {
      if (err instanceof WorkspaceRuleError) return showAdmin(req, res, { error: err.message, status: 409 });
      throw err;
    }
  });

  router.post('/staff/admin/groups/:key/delete', write, async (req, res) => {
    try {
      await deps.admin.deleteGroup(String(req.params.key), viewerOf(req));
      redirectWithFlash(
        req,
        res,
        '/staff/admin#groups',
        'ok',
        t(staffLocale(req), 'staff.admin.groupDeleted'),
      );
    } catch (err) {
      if (err instanceof WorkspaceRuleError)
        return redirectWithFlash(req, res, '/staff/admin#groups', 'error', err.message);
      throw err;
    }
  });

  return router;
}
