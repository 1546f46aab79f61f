import { createHash } from 'node:crypto';
import { appendAudit, canonicalJson, type AuditEntry } from '../core/audit/audit-log';
import { Complaint, HumanTask } from '../core/db/entities';
import { DECISIONS, type Decision } from '../core/regulation/returns.service';
import type { OpenTask } from '../workflows/complaint.messages';
import type { ActivityDeps } from './deps';

/** Projects the workflow's open user tasks into the inbox table. Idempotent: keyed by workflow + wait. */
export function humanTaskActivities({ dataSource }: ActivityDeps) {
  return {
    async openHumanTask(input: {
      complaintId: string;
      workflowId: string;
      task: OpenTask;
      stage?: string;
    }): Promise<void> {
      const complaint = await dataSource.getRepository(Complaint).findOneBy({ id: input.complaintId });
      await dataSource
        .getRepository(HumanTask)
        .createQueryBuilder()
        .insert()
        .values({
          complaintId: input.complaintId,
          workflowId: input.workflowId,
          waitId: input.task.waitId,
          elementId: input.task.elementId,
          name: input.task.name,
          candidateGroups: input.task.candidateGroups,
          assignee: input.task.assignee ?? null,
          form: (input.task.form ?? null) as object | null,
          dueAt: input.task.dueAt ? new Date(input.task.dueAt) : null,
          stage: input.stage ?? complaint?.stage ?? null,
          priority: complaint?.priority ?? null,
          category: complaint?.category ?? null,
          status: 'open',
        })
        .orIgnore()
        .execute();
    },

    /**
     * Closes the inbox item and, in the same transaction, appends the audit entry for the act
     * (completed by a person, or withdrawn by the process). An activity retry finds the task no
     * longer open, changes nothing and so audits nothing twice. The entry holds no form values
     * (they may be personal data, and the chain can never be pseudonymised): only the field names,
     * an approval decision, the decision on the complaint, and a SHA-256 of the submitted data that
     * proves what was stored.
     */
    async closeHumanTask(input: {
      workflowId: string;
      waitId: string;
      status: 'completed' | 'cancelled';
      completedBy?: string;
      data?: Record<string, unknown>;
    }): Promise<void> {
      await dataSource.transaction(async (manager) => {
        const task = await manager.findOneBy(HumanTask, {
          workflowId: input.workflowId,
          waitId: input.waitId,
          status: 'open',
        });
        if (!task) return;
        const result = await manager.update(
          HumanTask,
          { id: task.id, status: 'open' },
          {
            status: input.status,
            completedBy: input.completedBy ?? null,
            data: (input.data ?? null) as object | null,
            completedAt: new Date(),
          },
        );
        if (!result.affected) return;
        // The decision regulators count (upheld, partly upheld, not upheld), from the investigation
        // form: kept on the complaint for the returns; a later investigation (after a reopen) replaces it.
        const decision = complaintDecisionOf(input);
        if (decision) await manager.update(Complaint, { id: task.complaintId }, { decision });
        await appendAudit(manager, taskAuditEntry(task, input));
      });
    },
  };
}

/** The form field a task records the decision on the complaint in (the default investigation form's). */
export const COMPLAINT_DECISION_FIELD = 'complaintDecision';

/** The complaint decision a completed task's data gives, if it gives a valid one. */
function complaintDecisionOf(input: {
  status: 'completed' | 'cancelled';
  data?: Record<string, unknown>;
}): Decision | undefined {
  const value = input.data?.[COMPLAINT_DECISION_FIELD];
  return input.status === 'completed' && (DECISIONS as readonly unknown[]).includes(value)
    ? (value as Decision)
    : undefined;
}

/** The audit entry of a closed task: who, which task, and a fingerprint of the data (never the values). */
export function taskAuditEntry(
  task: Pick<HumanTask, 'id' | 'complaintId' | 'elementId' | 'name' | 'waitId' | 'dueAt'>,
  input: { status: 'completed' | 'cancelled'; completedBy?: string; data?: Record<string, unknown> },
): AuditEntry {
  const data = input.data ?? {};
  const decision =
    typeof data.decision === 'string' && /^[a-z_-]{1,30}$/.test(data.decision) ? data.decision : undefined;
  const complaintDecision = complaintDecisionOf(input);
  return {
    actor: input.status === 'completed' && input.completedBy ? `user:${input.completedBy}` : 'workflow',
    action: input.status === 'completed' ? 'task.completed' : 'task.cancelled',
    entityType: 'human_task',
    entityId: task.id,
    complaintId: task.complaintId,
    data: {
      elementId: task.elementId,
      name: task.name,
      waitId: task.waitId,
      ...(input.status === 'completed'
        ? {
            fields: Object.keys(data).sort(),
            dataSha256: createHash('sha256').update(canonicalJson(data)).digest('hex'),
          }
        : {}),
      ...(decision ? { decision } : {}),
      ...(complaintDecision ? { complaintDecision } : {}),
      ...(task.dueAt ? { dueAt: task.dueAt.toISOString() } : {}),
    },
  };
}
