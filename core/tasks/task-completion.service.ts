import { createHash } from 'node:crypto';
import {
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  type Client,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { completeTaskUpdate, type Actor, type CompleteTaskResult } from '../../workflows/complaint.messages';
import { appendAudit, canonicalJson } from '../audit/audit-log';
import { WorkspaceRuleError } from '../staff/errors';
import { can } from '../staff/permissions';
import { TaskAssignmentService, closedMessage } from './task-assignment.service';
import type { Viewer } from './task-access';

/** How long the web request waits for the workflow to accept and apply a completion. */
const UPDATE_DEADLINE_MS = 20_000;

/**
 * The Update id of one completion attempt: the task, who, and what they answered (or the form's own
 * submission id). Pressing "Complete" twice, or a retry after a lost answer, re-sends the same id and
 * Temporal answers the first result instead of applying it twice.
 */
export function completionUpdateId(
  taskId: string,
  userId: string,
  data: Record<string, unknown>,
  submissionId?: string,
): string {
  const key =
    submissionId ??
    createHash('sha256')
      .update(`${userId}\n${canonicalJson(data)}`)
      .digest('base64url')
      .slice(0, 22);
  return `complete:${taskId}:${key}`;
}

/**
 * Completes a human task through the workflow's `completeTaskUpdate`, the only authority on whether it
 * may complete. Decision: the task must be the user's; completing an unclaimed task of one's group
 * claims it first (implicitly, audited as such), and a task claimed by someone else is refused until
 * they release it or an approver reassigns it. The workflow's refusals come back as clear errors:
 * already completed → conflict, not yours → forbidden, invalid form data → invalid.
 */
export class TaskCompletionService {
  private readonly assignments: TaskAssignmentService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
  ) {
    this.assignments = new TaskAssignmentService(dataSource);
  }

  async complete(
    taskId: string,
    viewer: Viewer,
    data: Record<string, unknown>,
    submissionId?: string,
  ): Promise<CompleteTaskResult> {
    let task = await this.assignments.get(taskId, viewer);
    if (task.status !== 'open') throw new WorkspaceRuleError('conflict', closedMessage(task));
    if (!can(viewer.roles, 'tasks.work'))
      throw new WorkspaceRuleError('forbidden', 'Your role may read tasks but not complete them.');
    if (task.assignee === null) task = await this.assignments.claim(taskId, viewer, { implicit: true });
    else if (task.assignee !== viewer.username)
      throw new WorkspaceRuleError(
        'conflict',
        `This task is claimed by ${task.assignee}. Ask them, or an approver, to release or reassign it.`,
      );

    const actor: Actor = {
      userId: viewer.userId,
      username: viewer.username,
      roles: [...viewer.roles],
      groups: [...viewer.groups],
    };
    const handle = this.temporal.workflow.getHandle(task.workflowId);
    let result: CompleteTaskResult;
    try {
      result = await this.temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        handle.executeUpdate(completeTaskUpdate, {
          args: [{ waitId: task.waitId, data, actor }],
          updateId: completionUpdateId(task.id, viewer.userId, data, submissionId),
        }),
      );
    } catch (err) {
      throw refusal(err);
    }
    await this.dataSource.transaction((m) =>
      appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'task.completion_requested',
        entityType: 'human_task',
        entityId: task.id,
        complaintId: task.complaintId,
        // Field names and a digest only: the audit chain is permanent, so free text (personal data)
        // stays out of it; the answer itself is in human_task.data, which can be pseudonymised.
        data: {
          task: task.name,
          elementId: task.elementId,
          fields: Object.keys(data).sort(),
          sha256: createHash('sha256').update(canonicalJson(data)).digest('hex'),
          stage: result.stage ?? null,
        },
      }),
    );
    return result;
  }
}

/** The workflow's answer in the terms of the workspace (see {@link WorkspaceRuleError}). */
export function refusal(err: unknown): Error {
  if (err instanceof WorkflowUpdateFailedError) {
    const message = err.cause?.message ?? err.message;
    if (/no longer open|already completed|no open incident/i.test(message))
      return new WorkspaceRuleError('conflict', message);
    if (/may not|not yours|only staff/i.test(message)) return new WorkspaceRuleError('forbidden', message);
    return new WorkspaceRuleError('invalid', message);
  }
  if (err instanceof WorkflowNotFoundError)
    return new WorkspaceRuleError(
      'conflict',
      'The process of this complaint has ended; the task cannot be completed any more.',
    );
  if (
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcDeadlineError(err) ||
    isGrpcServiceError(err)
  )
    return new WorkspaceRuleError(
      'unavailable',
      'The process engine did not answer in time. Nothing was lost: try again in a moment.',
    );
  return err instanceof Error ? err : new Error(String(err));
}
