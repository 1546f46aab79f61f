import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../core/audit/audit-log';
import { Complaint } from '../../core/db/entities';
import { WorkspaceRuleError } from '../../core/staff/errors';
import { can } from '../../core/staff/permissions';
import { refusal } from '../../core/tasks/task-completion.service';
import type { Viewer } from '../../core/tasks/task-access';
import { complaintStateQuery, retryIncidentUpdate, type Actor } from '../../workflows/complaint.messages';
import { assertMayViewComplaint, SqlParams, visibleComplaints } from './complaint-access';

/** An incident as the list shows it: a service task that failed and waits for someone to retry it. */
export interface IncidentItem {
  complaintId: string;
  trackingCode: string;
  subject: string;
  department: string | null;
  waitId: string;
  elementId: string;
  message: string;
  at: Date;
  /** False when the workflow could not be asked, so this comes from the recorded trail only. */
  confirmed: boolean;
}

/** How many complaints with incidents one list shows (an incident storm is a configuration problem, not a list). */
const MAX_COMPLAINTS = 100;

/**
 * Incidents: the trail (`timeline_entry` kind `incident`) says which open complaints had one that was
 * not followed by the element finishing or failing again; the workflow's state query then says which
 * are still open now (the authority). Retry goes through `retryIncidentUpdate`, audited.
 */
export class IncidentService {
  constructor(private readonly deps: { dataSource: DataSource; temporal: Client }) {}

  async list(viewer: Viewer, complaintId?: string): Promise<IncidentItem[]> {
    const p = new SqlParams();
    // Process owners fix the models incidents come from, so they see every one (just the step and its error).
    const where = [viewer.roles.includes('process_owner') ? 'TRUE' : visibleComplaints(viewer, p)];
    if (complaintId) where.push(`c."id" = ${p.add(complaintId)}`);
    const candidates = await this.deps.dataSource.query<
      (Omit<IncidentItem, 'confirmed'> & { workflowId: string })[]
    >(
      `SELECT e."complaintId", e."workflowId", c."trackingCode", c."subject", c."department",
              e."data"->>'waitId' AS "waitId", e."elementId", e."data"->>'message' AS "message", e."occurredAt" AS "at"
         FROM "timeline_entry" e JOIN "complaint" c ON c."id" = e."complaintId"
        WHERE e."kind" = 'incident' AND c."status" = 'open' AND ${where.join(' AND ')}
          AND NOT EXISTS (SELECT 1 FROM "timeline_entry" later
                           WHERE later."workflowId" = e."workflowId" AND later."seq" > e."seq" AND later."elementId" = e."elementId"
                             AND later."kind" IN ('elementLeft', 'incident', 'taskCancelled'))
        ORDER BY e."occurredAt" DESC
        LIMIT 500`,
      p.values,
    );
    const byWorkflow = new Map<string, typeof candidates>();
    for (const row of candidates) {
      if (!byWorkflow.has(row.workflowId) && byWorkflow.size >= MAX_COMPLAINTS) continue;
      byWorkflow.set(row.workflowId, [...(byWorkflow.get(row.workflowId) ?? []), row]);
    }
    const items: IncidentItem[] = [];
    await Promise.all(
      [...byWorkflow].map(async ([workflowId, rows]) => {
        const first = rows[0]!;
        try {
          const state = await this.deps.temporal.withDeadline(Date.now() + 3_000, () =>
            this.deps.temporal.workflow.getHandle(workflowId).query(complaintStateQuery),
          );
          for (const i of state.incidents)
            items.push({
              ...pick(first),
              waitId: i.waitId,
              elementId: i.elementId,
              message: i.message,
              at: new Date(i.at),
              confirmed: true,
            });
        } catch {
          for (const r of rows)
            items.push({
              ...pick(r),
              waitId: r.waitId,
              elementId: r.elementId,
              message: r.message,
              at: new Date(r.at),
              confirmed: false,
            });
        }
      }),
    );
    return items.sort((a, b) => b.at.getTime() - a.at.getTime());
  }

  /** Runs the failed service task again. The update id is stable per incident, so a double click retries once. */
  async retry(complaintId: string, waitId: string, viewer: Viewer): Promise<{ retried: boolean }> {
    if (!can(viewer.roles, 'incidents.retry'))
      throw new WorkspaceRuleError('forbidden', 'Your role may not retry incidents.');
    const complaint = await this.deps.dataSource.getRepository(Complaint).findOneBy({ id: complaintId });
    await assertMayViewComplaint(this.deps.dataSource, complaint, viewer);
    const handle = this.deps.temporal.workflow.getHandle(complaint!.workflowId);
    const actor: Actor = {
      userId: viewer.userId,
      username: viewer.username,
      roles: [...viewer.roles],
      groups: [...viewer.groups],
    };
    let result: { retried: boolean };
    try {
      const state = await this.deps.temporal.withDeadline(Date.now() + 5_000, () =>
        handle.query(complaintStateQuery),
      );
      const incident = state.incidents.find((i) => i.waitId === waitId);
      if (!incident)
        throw new WorkspaceRuleError(
          'conflict',
          'This incident is not open any more (someone retried it, or the process moved on).',
        );
      result = await this.deps.temporal.withDeadline(Date.now() + 20_000, () =>
        handle.executeUpdate(retryIncidentUpdate, {
          args: [{ waitId, actor }],
          updateId: `retry:${waitId}:${incident.at}`,
        }),
      );
    } catch (err) {
      if (err instanceof WorkspaceRuleError) throw err;
      throw refusal(err);
    }
    await this.deps.dataSource.transaction((m) =>
      appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'incident.retried',
        entityType: 'complaint',
        entityId: complaintId,
        complaintId,
        data: { waitId },
      }),
    );
    return result;
  }
}

const pick = (r: {
  complaintId: string;
  trackingCode: string;
  subject: string;
  department: string | null;
}) => ({
  complaintId: r.complaintId,
  trackingCode: r.trackingCode,
  subject: r.subject,
  department: r.department,
});
