import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { HumanTask, StaffUser } from '../db/entities';
import { WorkspaceRuleError } from '../staff/errors';
import { can } from '../staff/permissions';
import { identityOf } from '../staff/staff.service';
import { mayBeAssigned, mayClaimTask, mayViewTask, type Viewer } from './task-access';

/**
 * Who works on a task: claim (take an unassigned task of one's group), release, and reassign
 * (approvers and admins). Each change is one conditional UPDATE, so two people claiming at once get
 * one winner and one clear "already claimed" — never a silent overwrite — and each is audited in
 * the same transaction.
 */
export class TaskAssignmentService {
  constructor(private readonly dataSource: DataSource) {}

  /** The task, if the viewer may see it; not found otherwise (an agent learns nothing of other groups' tasks). */
  async get(taskId: string, viewer: Viewer): Promise<HumanTask> {
    const task = await this.dataSource.getRepository(HumanTask).findOneBy({ id: taskId });
    if (!task || !mayViewTask(task, viewer))
      throw new WorkspaceRuleError('not_found', 'There is no such task, or it is not one you can see.');
    return task;
  }

  /**
   * Takes an unassigned task. Claiming one's own task again is a no-op. `implicit` marks a claim made
   * by completing an unclaimed task (recorded as such in the audit log).
   */
  async claim(taskId: string, viewer: Viewer, opts: { implicit?: boolean } = {}): Promise<HumanTask> {
    return this.dataSource.transaction(async (m) => {
      const admin = viewer.roles.includes('admin');
      const mayWork = can(viewer.roles, 'tasks.work');
      const result = await m.query<[HumanTask[], number]>(
        `UPDATE "human_task" SET "assignee" = $2
          WHERE "id" = $1 AND "status" = 'open' AND "assignee" IS NULL AND $4
            AND ($3 OR "candidateGroups" && $5::text[] OR "candidateGroups" = '{}')
          RETURNING *`,
        [taskId, viewer.username, admin, mayWork, viewer.groups],
      );
      const claimed = result[0]?.[0];
      if (!claimed) {
        const task = await this.explainRefusal(m, taskId, viewer);
        return task; // already mine
      }
      await appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'task.claimed',
        entityType: 'human_task',
        entityId: taskId,
        complaintId: claimed.complaintId,
        data: { task: claimed.name, ...(opts.implicit ? { implicit: true } : {}) },
      });
      return m.getRepository(HumanTask).findOneByOrFail({ id: taskId });
    });
  }

  /** Gives the task back to its groups. Approvers and admins may release anyone's task. */
  async release(taskId: string, viewer: Viewer): Promise<HumanTask> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.lockOpen(m, taskId, viewer);
      if (task.assignee === null) return task;
      if (task.assignee !== viewer.username && !can(viewer.roles, 'tasks.reassign'))
        throw new WorkspaceRuleError(
          'forbidden',
          `This task is claimed by ${task.assignee}; only they or an approver can release it.`,
        );
      if (!can(viewer.roles, 'tasks.work') && !can(viewer.roles, 'tasks.reassign'))
        throw new WorkspaceRuleError('forbidden', 'You may not change tasks.');
      await m.update(HumanTask, { id: taskId }, { assignee: null });
      await appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'task.released',
        entityType: 'human_task',
        entityId: taskId,
        complaintId: task.complaintId,
        data: { task: task.name, from: task.assignee },
      });
      return { ...task, assignee: null };
    });
  }

  /** Gives the task to a colleague (approvers and admins). They must be in one of its groups, or the workflow would refuse them. */
  async reassign(taskId: string, toUserId: string, viewer: Viewer): Promise<HumanTask> {
    if (!can(viewer.roles, 'tasks.reassign'))
      throw new WorkspaceRuleError('forbidden', 'Only approvers and admins can reassign tasks.');
    return this.dataSource.transaction(async (m) => {
      const task = await this.lockOpen(m, taskId, viewer);
      const target = await m.getRepository(StaffUser).findOneBy({ id: toUserId });
      if (!target || !target.active)
        throw new WorkspaceRuleError('invalid', 'There is no active staff member with this id.');
      if (!mayBeAssigned(task, identityOf(target)))
        throw new WorkspaceRuleError(
          'invalid',
          `${target.name} is not in the group(s) of this task (${task.candidateGroups.join(', ')}), so they could not complete it.`,
        );
      if (task.assignee === target.email) return task;
      await m.update(HumanTask, { id: taskId }, { assignee: target.email });
      await appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'task.reassigned',
        entityType: 'human_task',
        entityId: taskId,
        complaintId: task.complaintId,
        data: { task: task.name, from: task.assignee, to: target.email },
      });
      return { ...task, assignee: target.email };
    });
  }

  /** The open task, locked until the transaction ends; refused clearly when it is gone or closed. */
  private async lockOpen(m: EntityManager, taskId: string, viewer: Viewer): Promise<HumanTask> {
    const task = await m
      .getRepository(HumanTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :taskId', { taskId })
      .getOne();
    if (!task || !mayViewTask(task, viewer))
      throw new WorkspaceRuleError('not_found', 'There is no such task, or it is not one you can see.');
    if (task.status !== 'open') throw new WorkspaceRuleError('conflict', closedMessage(task));
    return task;
  }

  /** Why a claim changed nothing; returns the task when it is already the viewer's. */
  private async explainRefusal(m: EntityManager, taskId: string, viewer: Viewer): Promise<HumanTask> {
    const task = await m.getRepository(HumanTask).findOneBy({ id: taskId });
    if (!task || !mayViewTask(task, viewer))
      throw new WorkspaceRuleError('not_found', 'There is no such task, or it is not one you can see.');
    if (task.status !== 'open') throw new WorkspaceRuleError('conflict', closedMessage(task));
    if (task.assignee === viewer.username) return task;
    if (task.assignee)
      throw new WorkspaceRuleError(
        'conflict',
        `Someone was quicker: ${task.assignee} has claimed this task.`,
      );
    if (!mayClaimTask(task, viewer))
      throw new WorkspaceRuleError(
        'forbidden',
        'You may not work on this task: it belongs to a group you are not in.',
      );
    throw new WorkspaceRuleError('conflict', 'The task changed while you claimed it. Reload and try again.');
  }
}

/** "Already completed by …" / "cancelled" in words a person understands. */
export function closedMessage(task: Pick<HumanTask, 'status' | 'completedBy'>): string {
  return task.status === 'completed'
    ? `This task is already completed${task.completedBy ? ` (by ${task.completedBy})` : ''}.`
    : 'This task was cancelled by the process (a deadline or another path made it unnecessary).';
}
