import { Complaint, HumanTask } from '../core/db/entities';
import type { OpenTask } from '../workflows/complaint.messages';
import type { ActivityDeps } from './deps';

/** Projects the workflow's open user tasks into the inbox table. Idempotent: keyed by workflow + wait. */
export function humanTaskActivities({ dataSource }: ActivityDeps) {
  return {
    async openHumanTask(input: { complaintId: string; workflowId: string; task: OpenTask; stage?: string }): Promise<void> {
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

    async closeHumanTask(input: {
      workflowId: string;
      waitId: string;
      status: 'completed' | 'cancelled';
      completedBy?: string;
      data?: Record<string, unknown>;
    }): Promise<void> {
      await dataSource.getRepository(HumanTask).update(
        { workflowId: input.workflowId, waitId: input.waitId, status: 'open' },
        {
          status: input.status,
          completedBy: input.completedBy ?? null,
          data: (input.data ?? null) as object | null,
          completedAt: new Date(),
        },
      );
    },
  };
}
