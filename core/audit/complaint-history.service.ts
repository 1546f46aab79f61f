import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AuditEvent, Complaint, Customer, HumanTask, OutboundMessage, TimelineEntry } from '../db/entities';
import { existingOptionalTables } from '../privacy/optional-tables';
import { hashAuditEvent } from './audit-log';
import { resolveActors } from './actors';
import { loadTemporalHistory, type TemporalEventView, type TemporalHistoryView } from './temporal-history';

/** Where a history entry comes from. */
export type HistorySource = 'process' | 'task' | 'audit' | 'message' | 'customer' | 'sla' | 'incident';

/** One line of a complaint's merged history. */
export interface HistoryEntry {
  at: string;
  source: HistorySource;
  kind: string;
  title: string;
  /** Who did it: a staff member, the customer, the process (`workflow`) or `system`. */
  actor: string | null;
  elementId: string | null;
  processVersion: number | null;
  details: Record<string, unknown>;
}

/** Deadline of a task: met, missed (finished or withdrawn late, or overdue now), pending, or none. */
export type TaskSla = 'met' | 'missed' | 'overdue' | 'pending' | 'none' | 'withdrawn';

export interface TaskRecord {
  id: string;
  elementId: string;
  name: string;
  waitId: string;
  status: string;
  candidateGroups: string[];
  assignee: string | null;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  data: Record<string, unknown> | null;
  decision: string | null;
  reason: string | null;
  sla: TaskSla;
  auditId: string | null;
}

export interface MessageRecord {
  id: string;
  createdAt: string;
  sentAt: string | null;
  channel: string;
  recipient: string;
  template: string;
  templateVersion: number;
  locale: string;
  subject: string | null;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

export interface AuditRecord {
  id: string;
  occurredAt: string;
  actor: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  hash: string;
  /** The entry's content still matches its hash. */
  intact: boolean;
}

/** Everything recorded about one complaint, for compliance (read only). */
export interface ComplaintHistory {
  generatedAt: string;
  complaint: Complaint;
  customer: Pick<Customer, 'id' | 'name' | 'email' | 'phone' | 'locale' | 'pseudonymisedAt'>;
  processVersions: number[];
  /** The merged timeline, oldest first. */
  timeline: HistoryEntry[];
  tasks: TaskRecord[];
  messages: MessageRecord[];
  audit: AuditRecord[];
  customerInputs: HistoryEntry[];
  incidents: HistoryEntry[];
  sla: { deadlines: number; met: number; missed: number; overdue: number; pending: number };
  temporal: TemporalHistoryView;
}

/** Audit actions that record a task's closing, shown through the task row instead. */
const CLOSING_ACTIONS = ['task.completed', 'task.cancelled'];
const ORDER: HistorySource[] = ['audit', 'process', 'task', 'sla', 'message', 'customer', 'incident'];
const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const KIND_WORDS: Record<string, string> = {
  userTask: 'task',
  serviceTask: 'service task',
  exclusiveGateway: 'gateway',
  parallelGateway: 'parallel gateway',
  inclusiveGateway: 'inclusive gateway',
  eventBasedGateway: 'event gateway',
  timerCatch: 'timer',
  messageCatch: 'message event',
  boundaryTimer: 'boundary timer',
  boundaryError: 'boundary error',
  startEvent: 'start',
  endEvent: 'end',
  subProcess: 'sub-process',
};

/** The deadline status of a task as of `now`. */
export function taskSla(
  task: Pick<HumanTask, 'status' | 'dueAt' | 'completedAt'>,
  now: Date = new Date(),
): TaskSla {
  if (!task.dueAt) return 'none';
  const due = new Date(task.dueAt).getTime();
  if (task.status === 'open') return due < now.getTime() ? 'overdue' : 'pending';
  const done = task.completedAt ? new Date(task.completedAt).getTime() : Number.POSITIVE_INFINITY;
  if (done > due) return 'missed';
  return task.status === 'completed' ? 'met' : 'withdrawn';
}

/**
 * Builds one complaint's full history: the BPMN path from the timeline, human tasks with who
 * completed them and their form data and deadlines, audit entries, every message sent with its
 * text and delivery status, customer inputs, incidents and retries, version migrations, and beside
 * it the raw Temporal event history, read through the Temporal client.
 */
export class ComplaintHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
  ) {}

  /** The history, or null for an unknown complaint. */
  async history(complaintId: string, now: Date = new Date()): Promise<ComplaintHistory | null> {
    const complaint = await this.dataSource.getRepository(Complaint).findOneBy({ id: complaintId });
    if (!complaint) return null;
    const [customer, trail, taskRows, messageRows, auditRows, tables, temporal] = await Promise.all([
      this.dataSource.getRepository(Customer).findOneByOrFail({ id: complaint.customerId }),
      this.dataSource
        .getRepository(TimelineEntry)
        .find({ where: { complaintId }, order: { seq: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(HumanTask).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      this.dataSource
        .getRepository(OutboundMessage)
        .find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(AuditEvent).find({ where: { complaintId }, order: { id: 'ASC' } }),
      existingOptionalTables(this.dataSource),
      loadTemporalHistory(this.temporal, complaint.workflowId),
    ]);

    const versions = [
      ...new Set([
        complaint.processVersion,
        ...trail.map((t) => t.processVersion).filter((v): v is number => v !== null),
      ]),
    ].sort((a, b) => a - b);
    const names = await this.elementNames(complaint.processKey, versions);
    const nameOf = (elementId: string | null, version: number | null): string =>
      (elementId &&
        (names.get(`${version ?? complaint.processVersion}:${elementId}`) ?? names.get(`*:${elementId}`))) ||
      elementId ||
      '';

    const actorNames = await resolveActors(this.dataSource, [
      ...auditRows.map((a) => a.actor),
      ...taskRows.filter((t) => t.completedBy).map((t) => `user:${t.completedBy}`),
    ]);

    const audit: AuditRecord[] = auditRows.map((a) => ({
      id: a.id,
      occurredAt: a.occurredAt.toISOString(),
      actor: a.actor,
      actorName: actorNames.get(a.actor) ?? null,
      action: a.action,
      entityType: a.entityType,
      entityId: a.entityId,
      data: a.data,
      hash: a.hash,
      intact: hashAuditEvent(a) === a.hash,
    }));
    // The entry written with the task's closing (the first one; the web layer may add its own after).
    const closings = audit.filter((a) => a.entityType === 'human_task' && CLOSING_ACTIONS.includes(a.action));
    const taskAudit = new Map<string, string>();
    for (const a of closings) if (!taskAudit.has(a.entityId)) taskAudit.set(a.entityId, a.id);

    const tasks: TaskRecord[] = taskRows.map((t) => {
      const data = t.data ?? null;
      return {
        id: t.id,
        elementId: t.elementId,
        name: t.name,
        waitId: t.waitId,
        status: t.status,
        candidateGroups: t.candidateGroups,
        assignee: t.assignee,
        createdAt: t.createdAt.toISOString(),
        dueAt: iso(t.dueAt),
        completedAt: iso(t.completedAt),
        completedBy: t.completedBy,
        data,
        decision: typeof data?.decision === 'string' ? data.decision : null,
        reason: typeof data?.reason === 'string' && data.reason ? data.reason : null,
        sla: taskSla(t, now),
        auditId: taskAudit.get(t.id) ?? null,
      };
    });

    const messages: MessageRecord[] = messageRows.map((m) => ({
      id: m.id,
      createdAt: m.createdAt.toISOString(),
      sentAt: iso(m.sentAt),
      channel: m.channel,
      recipient: m.recipient,
      template: m.template,
      templateVersion: m.templateVersion,
      locale: m.locale,
      subject: m.subject,
      body: m.body,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
    }));

    const entries: HistoryEntry[] = [];
    // Task closings are shown from the task rows (with their data); their audit entries are linked
    // there. Claims, releases and reassignments of tasks stay in the timeline as audit entries.
    const taskIds = new Set(tasks.map((t) => t.id));
    for (const a of audit) {
      if (a.entityType === 'human_task' && CLOSING_ACTIONS.includes(a.action) && taskIds.has(a.entityId))
        continue;
      entries.push({
        at: a.occurredAt,
        source: 'audit',
        kind: a.action,
        title: auditTitle(a),
        actor: a.actorName ?? a.actor,
        elementId: null,
        processVersion: null,
        details: { auditId: a.id, entity: `${a.entityType}:${a.entityId}`, ...a.data, hashIntact: a.intact },
      });
    }
    for (const t of trail) entries.push(this.trailEntry(t, nameOf(t.elementId, t.processVersion)));
    for (const t of tasks) {
      if (t.status === 'completed' && t.completedAt) {
        const verdict = t.decision === 'approve' ? 'approved' : t.decision === 'reject' ? 'rejected' : null;
        entries.push({
          at: t.completedAt,
          source: 'task',
          kind: verdict ? `task.${verdict}` : 'task.completed',
          title: verdict
            ? `${t.name}: ${verdict} by ${t.completedBy ?? 'unknown'}${t.reason ? ` — “${t.reason}”` : ''}`
            : `${t.name} completed by ${t.completedBy ?? 'unknown'}`,
          actor: t.completedBy,
          elementId: t.elementId,
          processVersion: null,
          details: {
            taskId: t.id,
            waitId: t.waitId,
            data: t.data,
            dueAt: t.dueAt,
            deadline: t.sla,
            auditId: t.auditId,
          },
        });
      }
      if (t.dueAt && (t.sla === 'missed' || t.sla === 'overdue')) {
        entries.push({
          at: t.dueAt,
          source: 'sla',
          kind: t.sla === 'overdue' ? 'sla.overdue' : 'sla.missed',
          title: `Deadline ${t.sla === 'overdue' ? 'passed (still open)' : 'missed'}: ${t.name}${t.completedAt ? ` — ${t.status === 'completed' ? 'completed' : 'withdrawn'} ${formatLate(t.dueAt, t.completedAt)} late` : ''}`,
          actor: null,
          elementId: t.elementId,
          processVersion: null,
          details: { taskId: t.id, dueAt: t.dueAt, completedAt: t.completedAt, status: t.status },
        });
      }
    }
    for (const m of messages) {
      entries.push({
        at: m.createdAt,
        source: 'message',
        kind: `message.${m.status}`,
        title: `${m.channel === 'email' ? 'Email' : 'SMS'} “${m.template}” to ${m.recipient} — ${m.status}${m.attempts > 1 ? ` after ${m.attempts} attempts` : ''}`,
        actor: 'workflow',
        elementId: null,
        processVersion: null,
        details: {
          messageId: m.id,
          subject: m.subject,
          text: m.body,
          sentAt: m.sentAt,
          status: m.status,
          attempts: m.attempts,
          lastError: m.lastError,
          locale: m.locale,
          templateVersion: m.templateVersion,
        },
      });
    }
    entries.push(...(await this.customerInputs(complaintId, tables)));
    entries.push(...temporalEntries(temporal));

    const rank = (s: HistorySource): number => ORDER.indexOf(s);
    const timeline = entries
      .map((e, i) => ({ e, i }))
      .sort((x, y) => x.e.at.localeCompare(y.e.at) || rank(x.e.source) - rank(y.e.source) || x.i - y.i)
      .map((x) => x.e);

    const sla = { deadlines: 0, met: 0, missed: 0, overdue: 0, pending: 0 };
    for (const t of tasks) {
      if (t.sla === 'none' || t.sla === 'withdrawn') continue;
      sla.deadlines++;
      sla[t.sla]++;
    }

    return {
      generatedAt: now.toISOString(),
      complaint,
      customer: {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        locale: customer.locale,
        pseudonymisedAt: customer.pseudonymisedAt,
      },
      processVersions: versions,
      timeline,
      tasks,
      messages,
      audit,
      customerInputs: timeline.filter((e) => e.source === 'customer'),
      incidents: timeline.filter((e) => e.source === 'incident'),
      sla,
      temporal,
    };
  }

  private trailEntry(t: TimelineEntry, name: string): HistoryEntry {
    const d = t.data ?? {};
    const kindWord = KIND_WORDS[str(d.kind)] ?? str(d.kind);
    let title: string;
    let source: HistorySource = 'process';
    switch (t.kind) {
      case 'elementEntered':
        title = `Entered ${kindWord ? `${kindWord} ` : ''}“${name}”`;
        break;
      case 'elementLeft':
        title = `Left ${kindWord ? `${kindWord} ` : ''}“${name}”`;
        break;
      case 'stageChanged':
        title = `Stage: ${d.from ? `${str(d.from)} → ` : ''}${str(d.to)}`;
        break;
      case 'taskOpened':
        title = `Task opened: “${str(d.name) || name}”${Array.isArray(d.candidateGroups) && d.candidateGroups.length ? ` for ${d.candidateGroups.join(', ')}` : ''}`;
        break;
      case 'taskCancelled':
        title = `Task withdrawn: “${name}”`;
        break;
      case 'incident':
        source = 'incident';
        title = `Incident at “${name}”: ${str(d.message)}`;
        break;
      case 'completed':
        title = 'Process completed';
        break;
      case 'clockChanged':
        // A deadline clock (e.g. the final-response clock) started, paused, resumed or stopped.
        title = `Clock “${str(d.clock)}”: ${str(d.kind)}${d.reason ? ` (${str(d.reason)})` : ''}`;
        break;
      case 'migrated':
        title = `Migrated to process version ${str(d.toVersion ?? d.to ?? t.processVersion)}${(d.fromVersion ?? d.from) ? ` from version ${str(d.fromVersion ?? d.from)}` : ''}`;
        break;
      default: {
        const words = t.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
        title = `${words.charAt(0).toUpperCase()}${words.slice(1)}${name ? ` “${name}”` : ''}`;
      }
    }
    return {
      at: t.occurredAt.toISOString(),
      source,
      kind: t.kind,
      title,
      // A migration is done by a person from outside the workflow; everything else by the workflow.
      actor: t.kind === 'migrated' && d.by ? str(d.by) : 'workflow',
      elementId: t.elementId,
      processVersion: t.processVersion,
      details: { seq: t.seq, ...d },
    };
  }

  /** Messages and survey answers the customer sent, from the tables that record them (when present). */
  private async customerInputs(complaintId: string, tables: Set<string>): Promise<HistoryEntry[]> {
    const out: HistoryEntry[] = [];
    if (tables.has('customer_message')) {
      const rows = await this.dataSource.query<
        { id: string; channel: string; body: string; sender: string | null; createdAt: Date }[]
      >(
        `SELECT "id", "channel", "body", "sender", "createdAt" FROM "customer_message" WHERE "complaintId" = $1 ORDER BY "createdAt"`,
        [complaintId],
      );
      for (const r of rows)
        out.push({
          at: new Date(r.createdAt).toISOString(),
          source: 'customer',
          kind: 'customer.message',
          title: `Message from the customer (${r.channel})${r.sender ? ` — ${r.sender}` : ''}`,
          actor: 'customer',
          elementId: null,
          processVersion: null,
          details: { messageId: r.id, text: r.body },
        });
    }
    if (tables.has('survey_response')) {
      const rows = await this.dataSource.query<
        { id: string; satisfaction: number; solved: boolean; comment: string | null; answeredAt: Date }[]
      >(
        `SELECT "id", "satisfaction", "solved", "comment", "answeredAt" FROM "survey_response" WHERE "complaintId" = $1 ORDER BY "answeredAt"`,
        [complaintId],
      );
      for (const r of rows)
        out.push({
          at: new Date(r.answeredAt).toISOString(),
          source: 'customer',
          kind: 'customer.survey',
          title: `Survey answered: ${r.satisfaction}/5, ${r.solved ? 'solved' : 'not solved'}`,
          actor: 'customer',
          elementId: null,
          processVersion: null,
          details: { responseId: r.id, satisfaction: r.satisfaction, solved: r.solved, comment: r.comment },
        });
    }
    return out;
  }

  /** Element names per deployed version (`version:elementId`), and `*:elementId` from any version. */
  private async elementNames(key: string, versions: number[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ version: number; id: string; name: string | null }[]>(
      `SELECT pd."version", e.key AS id, e.value->>'name' AS name
         FROM "process_definition" pd, jsonb_each(pd."compiled"->'elements') e
        WHERE pd."key" = $1 AND pd."version" = ANY($2::int[])`,
      [key, versions],
    );
    const map = new Map<string, string>();
    for (const r of rows) {
      if (!r.name) continue;
      map.set(`${r.version}:${r.id}`, r.name);
      if (!map.has(`*:${r.id}`)) map.set(`*:${r.id}`, r.name);
    }
    return map;
  }
}

function formatLate(due: string, done: string): string {
  const minutes = Math.round((new Date(done).getTime() - new Date(due).getTime()) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} d`;
}

function auditTitle(a: AuditRecord): string {
  const d = a.data;
  switch (a.action) {
    case 'complaint.received':
      return `Complaint received${d.channel ? ` via ${str(d.channel)}` : ''}${d.processVersion ? ` (process version ${str(d.processVersion)})` : ''}`;
    case 'customer.pseudonymised':
      return 'Customer data pseudonymised';
    case 'customer.exported':
      return 'Customer data exported';
    default: {
      const words = a.action.replace(/[._]/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/** Signals from the customer, Update-driven incident retries and activity retries, from Temporal's own record. */
function temporalEntries(view: TemporalHistoryView): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const run of view.runs) {
    for (const e of run.events) {
      const attr = (name: string): string => e.attributes.find((a) => a.name === name)?.value ?? '';
      const data = (name: string): Record<string, unknown> | null => {
        const v = e.attributes.find((a) => a.name === name)?.data;
        return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      };
      if (e.category === 'signal') {
        const input = data('Input');
        out.push({
          at: e.time,
          source: 'customer',
          kind: 'signal',
          title: `Message received by the process: ${str(input?.name) || attr('Signal')}`,
          actor: 'customer',
          elementId: null,
          processVersion: null,
          details: { temporalEventId: e.id, signal: attr('Signal'), variables: input?.variables ?? input },
        });
      } else if (e.category === 'update' && attr('Update') === 'retryIncident' && e.outcome === 'accepted') {
        const args = data('Arguments');
        const actor = (args?.actor ?? {}) as Record<string, unknown>;
        out.push({
          at: e.time,
          source: 'incident',
          kind: 'incident.retried',
          title: `Incident retried by ${str(actor.username) || 'staff'} (wait ${str(args?.waitId)})`,
          actor: str(actor.username) || null,
          elementId: null,
          processVersion: null,
          details: { temporalEventId: e.id, waitId: args?.waitId },
        });
      } else if (
        e.category === 'activity' &&
        (e.outcome === 'failed' ||
          e.outcome === 'timedOut' ||
          (e.type.endsWith('STARTED') && Number(attr('Attempt')) > 1))
      ) {
        out.push({
          at: e.time,
          source: 'incident',
          kind: e.outcome ? `activity.${e.outcome}` : 'activity.retried',
          title: e.outcome ? `${e.label}: ${e.summary}` : `Activity retried: ${e.summary}`,
          actor: 'workflow',
          elementId: null,
          processVersion: null,
          details: { temporalEventId: e.id },
        });
      }
    }
  }
  return out;
}

export type { TemporalEventView };
