import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  Attachment,
  Complaint,
  ComplaintNote,
  Customer,
  CustomerMessage,
  HumanTask,
  OutboundMessage,
  TimelineEntry,
} from '../../core/db/entities';
import type { Viewer } from '../../core/tasks/task-access';
import { complaintStateQuery, type ComplaintState, type Incident } from '../../workflows/complaint.messages';
import { assertMayViewComplaint, SqlParams, visibleComplaints } from './complaint-access';

/** Timeline kinds worth a line on the complaint page (entering and leaving each element is kept for audits). */
const TIMELINE_KINDS = [
  'stageChanged',
  'taskOpened',
  'taskCancelled',
  'incident',
  'clockChanged',
  'slaWarning',
  'slaBreached',
  'completed',
];

/** How far apart two complaints of one customer count as a repeat (ISO 10002 asks to flag repeats). */
const REPEAT_WINDOW_DAYS = 365;

/** Short words and the most common ones carry no meaning for "complaints like this one". */
const STOP_WORDS = new Set(
  'the and for with that this was were have has had not but you your our are from they them their there what when which would could about after before into just been only also then than very more some any all can will'.split(
    ' ',
  ),
);

export interface EarlierComplaint {
  id: string;
  trackingCode: string;
  subject: string;
  stage: string;
  status: string;
  outcome: string | null;
  createdAt: Date;
}

export interface SimilarComplaint extends EarlierComplaint {
  remedyType: string | null;
  remedyAmount: string | null;
  rootCause: string | null;
  rank: number;
}

/** What the workflow says right now; `available` is false when it could not be asked (no worker). */
export interface LiveState {
  available: boolean;
  stage?: string;
  completed: boolean;
  incidents: Incident[];
  variables: Record<string, unknown>;
}

export interface ComplaintView {
  complaint: Complaint;
  customer: Customer;
  earlier: EarlierComplaint[];
  /** The same customer complained about something else within 12 months of this complaint. */
  repeat: boolean;
  /** Without the stored file name: the files are downloaded through `/api/attachments/:id/content`. */
  attachments: Omit<Attachment, 'storedName'>[];
  timeline: TimelineEntry[];
  openTasks: HumanTask[];
  doneTasks: HumanTask[];
  messages: OutboundMessage[];
  notes: ComplaintNote[];
  customerMessages: CustomerMessage[];
  similar: SimilarComplaint[];
  live: LiveState;
}

export interface ComplaintListItem {
  id: string;
  trackingCode: string;
  subject: string;
  customerName: string;
  channel: string;
  stage: string;
  status: string;
  department: string | null;
  priority: string;
  createdAt: Date;
}

/** Words of a text as a `to_tsquery` OR-query: letters and digits only, so nothing in it is query syntax. */
export function similarityQuery(text: string, maxWords = 16): string | null {
  const words = [
    ...new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STOP_WORDS.has(w))),
  ];
  // Longer words are usually the telling ones ("kettle", "refund"), so keep those when there are many.
  const chosen = words.sort((a, b) => b.length - a.length).slice(0, maxWords);
  return chosen.length ? chosen.join(' | ') : null;
}

/**
 * Everything staff need on one page about a complaint: the customer and their history, the text and
 * evidence, the trail, tasks, messages sent, notes and the customer's replies, similar past complaints
 * and how they ended, and the live state (incidents) from the workflow.
 */
export class ComplaintViewService {
  constructor(private readonly deps: { dataSource: DataSource; temporal: Client }) {}

  async view(complaintId: string, viewer: Viewer): Promise<ComplaintView> {
    const { dataSource } = this.deps;
    const complaint = await dataSource.getRepository(Complaint).findOneBy({ id: complaintId });
    await assertMayViewComplaint(dataSource, complaint, viewer);
    const c = complaint!;
    const [
      customer,
      earlier,
      attachments,
      timeline,
      tasks,
      messages,
      notes,
      customerMessages,
      similar,
      live,
    ] = await Promise.all([
      dataSource.getRepository(Customer).findOneByOrFail({ id: c.customerId }),
      dataSource.query<EarlierComplaint[]>(
        `SELECT "id", "trackingCode", "subject", "stage", "status", "outcome", "createdAt" FROM "complaint"
          WHERE "customerId" = $1 AND "id" <> $2 ORDER BY "createdAt" DESC LIMIT 20`,
        [c.customerId, c.id],
      ),
      dataSource.getRepository(Attachment).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      dataSource
        .getRepository(TimelineEntry)
        .createQueryBuilder('e')
        .where('e.complaintId = :complaintId AND e.kind IN (:...kinds)', {
          complaintId,
          kinds: TIMELINE_KINDS,
        })
        .orderBy('e.seq', 'ASC')
        .getMany(),
      dataSource.getRepository(HumanTask).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      dataSource.getRepository(OutboundMessage).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      dataSource.getRepository(ComplaintNote).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      dataSource.getRepository(CustomerMessage).find({ where: { complaintId }, order: { createdAt: 'ASC' } }),
      this.similar(c),
      this.live(c.workflowId),
    ]);
    const windowMs = REPEAT_WINDOW_DAYS * 86_400_000;
    const repeat = earlier.some(
      (e) => Math.abs(new Date(e.createdAt).getTime() - c.createdAt.getTime()) <= windowMs,
    );
    return {
      complaint: c,
      customer,
      earlier,
      repeat,
      attachments: attachments.map(({ storedName: _stored, ...summary }) => summary),
      timeline,
      openTasks: tasks.filter((t) => t.status === 'open'),
      doneTasks: tasks.filter((t) => t.status !== 'open'),
      messages,
      notes,
      customerMessages,
      similar,
      live,
    };
  }

  /** Closed-or-not complaints whose words overlap most (PostgreSQL full text, the `complaint_fulltext` index). */
  async similar(
    c: Pick<Complaint, 'id' | 'subject' | 'description'>,
    limit = 5,
  ): Promise<SimilarComplaint[]> {
    const query = similarityQuery(`${c.subject} ${c.description}`);
    if (!query) return [];
    // The expression must be exactly the index's for PostgreSQL to use it.
    const rows = await this.deps.dataSource.query<SimilarComplaint[]>(
      `SELECT c."id", c."trackingCode", c."subject", c."stage", c."status", c."outcome", c."remedyType", c."remedyAmount", c."rootCause", c."createdAt",
              ts_rank(to_tsvector('simple', c."subject" || ' ' || c."description"), q) AS "rank"
         FROM "complaint" c, to_tsquery('simple', $1) q
        WHERE to_tsvector('simple', c."subject" || ' ' || c."description") @@ q AND c."id" <> $2
        ORDER BY "rank" DESC, c."createdAt" DESC
        LIMIT $3`,
      [query, c.id, limit],
    );
    return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
  }

  /** The workflow's own view, asked with a short deadline so a stopped worker never hangs the page. */
  async live(workflowId: string): Promise<LiveState> {
    try {
      const state: ComplaintState = await this.deps.temporal.withDeadline(Date.now() + 3_000, () =>
        this.deps.temporal.workflow.getHandle(workflowId).query(complaintStateQuery),
      );
      return {
        available: true,
        stage: state.stage,
        completed: state.completed,
        incidents: state.incidents,
        variables: state.variables,
      };
    } catch {
      return { available: false, completed: false, incidents: [], variables: {} };
    }
  }

  /**
   * The complaint list: newest first, narrowed by a search — a tracking code, a customer's email, or
   * words (full text over subject and description, or the customer's name) — and by status.
   */
  async search(
    viewer: Viewer,
    opts: { q?: string; status?: 'open' | 'closed'; limit: number; offset: number },
  ): Promise<{ items: ComplaintListItem[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [visibleComplaints(viewer, p)];
    const q = opts.q?.trim();
    if (q) {
      if (/^RD-[0-9A-Z-]{4,}$/i.test(q)) where.push(`c."trackingCode" = ${p.add(q.toUpperCase())}`);
      else if (q.includes('@')) where.push(`lower(cu."email") = lower(${p.add(q)})`);
      else {
        const text = p.add(q);
        where.push(
          `(to_tsvector('simple', c."subject" || ' ' || c."description") @@ plainto_tsquery('simple', ${text}) OR cu."name" ILIKE '%' || ${p.add(q.replace(/[\\%_]/g, '\\$&'))} || '%')`,
        );
      }
    }
    if (opts.status) where.push(`c."status" = ${p.add(opts.status)}`);
    const rows = await this.deps.dataSource.query<ComplaintListItem[]>(
      `SELECT c."id", c."trackingCode", c."subject", cu."name" AS "customerName", c."channel", c."stage", c."status", c."department", c."priority", c."createdAt"
         FROM "complaint" c JOIN "customer" cu ON cu."id" = c."customerId"
        WHERE ${where.join(' AND ')}
        ORDER BY c."createdAt" DESC, c."id" DESC
        LIMIT ${p.add(opts.limit + 1)} OFFSET ${p.add(opts.offset)}`,
      p.values,
    );
    return { items: rows.slice(0, opts.limit), hasMore: rows.length > opts.limit };
  }
}
