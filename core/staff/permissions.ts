import type { Role } from '../db/entities';

/**
 * What each role may do in the staff workspace. One table, read by every API and page guard, so the
 * rules are written once and the role tests can walk it.
 *
 * - agent: works the tasks of their groups, writes notes, asks the customer, enters complaints.
 * - approver: an agent who may also see every task and reassign; approves by being in `approvers`.
 * - process_owner: deploys models; sees incidents (a model's service tasks fail there).
 * - compliance: reads everything, changes nothing.
 * - admin: everything.
 */
export const PERMISSIONS = {
  /** Claim, release and complete tasks one may work on. */
  'tasks.work': ['agent', 'approver'],
  /** See every open task, not just one's own and one's groups'. */
  'tasks.viewAll': ['approver', 'compliance'],
  /** Give a task to someone else, or take it back from them. */
  'tasks.reassign': ['approver'],
  /** Read every complaint, not just those of one's groups. */
  'complaints.viewAll': ['approver', 'compliance'],
  /** Internal notes and questions to the customer. */
  'complaints.annotate': ['agent', 'approver'],
  /** Complaints taken by phone, in person or by letter. */
  'complaints.enter': ['agent', 'approver'],
  'incidents.view': ['agent', 'approver', 'process_owner', 'compliance'],
  // The workflow's own check (retryIncidentUpdate's validator) accepts the same roles.
  'incidents.retry': ['agent', 'approver'],
  /** Read the user and group lists. */
  'admin.read': ['compliance'],
  /** Create, change and deactivate users and groups. */
  'admin.write': [],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether someone with these roles may do this; admins may do everything. */
export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => r === 'admin' || allowed.includes(r));
}

/** The roles that grant a permission (for error messages). */
export function rolesFor(permission: Permission): Role[] {
  return [...PERMISSIONS[permission], 'admin'];
}
