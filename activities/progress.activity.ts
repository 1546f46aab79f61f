import { Complaint, TimelineEntry } from '../core/db/entities';
import type { ActivityDeps } from './deps';

export interface TimelineInput {
  complaintId: string;
  workflowId: string;
  processVersion: number;
  /** Set when the stage changed in this batch. */
  stage?: string;
  entries: { seq: number; kind: string; elementId?: string; data: Record<string, unknown>; at: number }[];
}

/** Writes the workflow's trail (elements entered/left, stages, incidents). Repeats are no-ops (unique seq). */
export function progressActivities({ dataSource }: ActivityDeps) {
  return {
    async recordProgress(input: TimelineInput): Promise<void> {
      await dataSource.transaction(async (manager) => {
        if (input.entries.length) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(TimelineEntry)
            .values(
              input.entries.map((e) => ({
                complaintId: input.complaintId,
                workflowId: input.workflowId,
                seq: e.seq,
                kind: e.kind,
                elementId: e.elementId ?? null,
                processVersion: input.processVersion,
                data: e.data as object,
                occurredAt: new Date(e.at),
              })),
            )
            .orIgnore()
            .execute();
        }
        const patch: Partial<Complaint> = {};
        if (input.stage) patch.stage = input.stage;
        if (input.entries.some((e) => e.kind === 'completed')) patch.status = 'closed';
        if (Object.keys(patch).length) await manager.update(Complaint, { id: input.complaintId }, patch);
      });
    },
  };
}
