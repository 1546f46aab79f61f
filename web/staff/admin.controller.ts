import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../core/db/entities';
import { LOCALE_CODES } from '../../core/complaints/intake.service';
import { parseInput } from '../validate';
import { httpCall, requirePermission, viewerOf } from './guards';
import { idParam } from './params';
import type { StaffDeps } from './staff-deps';

/** A group key (it is used in BPMN models). */
export const groupKey = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_-]{1,39}$/,
    'A group key is 2–40 lower-case letters, digits, - or _, starting with a letter (it is used in BPMN models)',
  );
const name = z.string().trim().min(1, 'Enter a name').max(200);
const roles = z.array(z.enum(ROLES)).max(ROLES.length);
const groups = z.array(groupKey).max(50);

/** What the admin forms and API accept (shared with the admin pages). */
export const newUserSchema = z.object({
  email: z.email('Enter a valid email address').max(320),
  name,
  roles: roles.min(1, 'Choose at least one role'),
  groups: groups.default([]),
  locale: z.enum(LOCALE_CODES).default('en'),
});
export const userPatchSchema = z
  .object({
    name: name.optional(),
    roles: roles.min(1, 'Choose at least one role').optional(),
    groups: groups.optional(),
    locale: z.enum(LOCALE_CODES).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export const newGroupSchema = z.object({ key: groupKey, name });
export const groupPatchSchema = z.object({ name }).strict();

/**
 * Users and groups (`/api/admin/*`). Admins change; compliance may read. Every change is audited
 * by StaffAdminService in the same transaction. One-time passwords are in the answer once, never stored.
 */
export function adminController(deps: StaffDeps): Router {
  const router = Router();
  const read = requirePermission('admin.read');
  const write = requirePermission('admin.write');

  router.get('/admin/users', read, async (_req, res) => {
    res.json({ users: await deps.admin.listUsers() });
  });
  router.get('/admin/users/:id', read, async (req, res) => {
    res.json({ user: await httpCall(() => deps.admin.getUser(idParam(req))) });
  });
  router.post('/admin/users', write, async (req, res) => {
    const input = parseInput(newUserSchema, req.body, 'new user');
    res.status(201).json(await httpCall(() => deps.admin.createUser(input, `user:${viewerOf(req).userId}`)));
  });
  router.patch('/admin/users/:id', write, async (req, res) => {
    const patch = parseInput(userPatchSchema, req.body, 'user change');
    res.json({ user: await httpCall(() => deps.admin.updateUser(idParam(req), patch, viewerOf(req))) });
  });
  router.post('/admin/users/:id/reset-password', write, async (req, res) => {
    res.json(await httpCall(() => deps.admin.resetPassword(idParam(req), viewerOf(req))));
  });

  router.get('/admin/groups', read, async (_req, res) => {
    res.json({ groups: await deps.admin.listGroups() });
  });
  router.post('/admin/groups', write, async (req, res) => {
    const input = parseInput(newGroupSchema, req.body, 'new group');
    res.status(201).json({ group: await httpCall(() => deps.admin.createGroup(input, viewerOf(req))) });
  });
  router.patch('/admin/groups/:key', write, async (req, res) => {
    const { name: newName } = parseInput(groupPatchSchema, req.body, 'group change');
    const key = parseInput(groupKey, req.params.key, 'group key');
    res.json({ group: await httpCall(() => deps.admin.renameGroup(key, newName, viewerOf(req))) });
  });
  router.delete('/admin/groups/:key', write, async (req, res) => {
    const key = parseInput(groupKey, req.params.key, 'group key');
    await httpCall(() => deps.admin.deleteGroup(key, viewerOf(req)));
    res.status(204).end();
  });

  return router;
}
