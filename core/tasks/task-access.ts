import type { HumanTask } from '../db/entities';
import type { StaffIdentity } from '../staff/staff.service';
import { can } from '../staff/permissions';

/** Who is looking: the logged-in member of staff (roles and groups loaded fresh on every request). */
export type Viewer = Pick<StaffIdentity, 'userId' | 'username' | 'roles' | 'groups'>;

type TaskLike = Pick<HumanTask, 'assignee' | 'candidateGroups'>;

/** Tasks of no group are anybody's, as the workflow's own completion check has it. */
const inMyGroups = (task: TaskLike, viewer: Viewer): boolean =>
  task.candidateGroups.length === 0 || task.candidateGroups.some((g) => viewer.groups.includes(g));

/**
 * Whether the viewer may look at a task: it is theirs, or of one of their groups, or they may see all
 * (approvers, compliance, admins). An agent never sees another group's tasks.
 */
export function mayViewTask(task: TaskLike, viewer: Viewer): boolean {
  return can(viewer.roles, 'tasks.viewAll') || task.assignee === viewer.username || inMyGroups(task, viewer);
}

/** Whether the viewer may claim this (unassigned) task: a worker in one of its groups, or an admin. */
export function mayClaimTask(task: TaskLike, viewer: Viewer): boolean {
  if (!can(viewer.roles, 'tasks.work')) return false;
  return viewer.roles.includes('admin') || inMyGroups(task, viewer);
}

/** Whether someone may be given this task: their groups must match it, or the workflow would refuse them. */
export function mayBeAssigned(task: TaskLike, assignee: Viewer): boolean {
  return mayClaimTask(task, assignee);
}
