import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { can } from '../staff/permissions';
import type { Viewer } from './task-access';

export const DUE_FILTERS = ['overdue', 'soon', 'week', 'none'] as const;
export const INBOX_SORTS = ['due', '-due', 'created', '-created'] as const;
/** The largest page, and how deep offset paging may go (deeper means: narrow the filters). */
export const INBOX_MAX_LIMIT = 100;
export const INBOX_MAX_OFFSET = 10_000;

const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

/** The inbox's filters as they come from a query string (page or API). */
export const inboxQuerySchema = z.object({
  /** `mine`: assigned to me or unassigned in my groups. `all`: every open task (approvers, compliance, admins). */
  scope: z.enum(['mine', 'all']).default('mine'),
  /** `me`: only what I claimed; `unassigned`: only what nobody claimed yet; `others`: claimed by someone else. */
  assigned: z.enum(['any', 'me', 'unassigned', 'others']).default('any'),
  group: optionalText,
  stage: optionalText,
  priority: optionalText,
  category: optionalText,
  /** overdue: past due; soon: due in the next 24 hours; week: in the next 7 days; none: no due date. */
  due: z.enum(DUE_FILTERS).optional(),
  sort: z.enum(INBOX_SORTS).default('due'),
  limit: z.coerce.number().int().min(1).max(INBOX_MAX_LIMIT).default(25),
  offset: z.coerce.number().int().min(0).max(INBOX_MAX_OFFSET).default(0),
});

export type InboxQuery = z.infer<typeof inboxQuerySchema>;

/** One inbox line: the task and what the list shows of its complaint. */
export interface InboxTask {
  id: string;
  complaintId: string;
  trackingCode: string;
  subject: string;
  name: string;
  elementId: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: Date | null;
  overdue: boolean;
  stage: string | null;
  priority: string | null;
  category: string | null;
  createdAt: Date;
}

/** How many of the visible tasks have each value, to show next to each filter. */
export interface InboxCounts {
  total: number;
  group: Record<string, number>;
  stage: Record<string, number>;
  priority: Record<string, number>;
  category: Record<string, number>;
  due: Record<(typeof DUE_FILTERS)[number], number>;
  assigned: { me: number; unassigned: number; others: number };
}

export interface InboxPage {
  query: InboxQuery;
  tasks: InboxTask[];
  /** Tasks matching every filter (for "1–25 of 132"). */
  matching: number;
  hasMore: boolean;
  counts: InboxCounts;
}

/** Parameters of one SQL statement, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const ORDER: Record<(typeof INBOX_SORTS)[number], string> = {
  due: 't."dueAt" ASC NULLS LAST, t."id" ASC',
  '-due': 't."dueAt" DESC NULLS LAST, t."id" DESC',
  created: 't."createdAt" ASC, t."id" ASC',
  '-created': 't."createdAt" DESC, t."id" DESC',
};

/**
 * The task inbox: open human tasks the viewer may work on — assigned to them, or unassigned with a
 * candidate group they are in (or no group at all) — with filters, counts per filter value, sorting
 * by due date and capped offset paging. Those who may see everything (approvers, compliance, admins)
 * can widen the scope to `all`.
 *
 * The visible set is `status = 'open' AND (assignee = me OR (assignee IS NULL AND groups && mine))`:
 * PostgreSQL answers it from the partial indexes on assignee, on candidate groups (GIN) and on the due
 * date of unassigned tasks (see migrations/1764058000000-staff-workspace.ts and bench/inbox-query.bench.ts).
 */
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  async page(viewer: Viewer, query: InboxQuery): Promise<InboxPage> {
    const q = {
      ...query,
      scope: query.scope === 'all' && can(viewer.roles, 'tasks.viewAll') ? 'all' : 'mine',
    } as InboxQuery;
    const [tasks, { matching, counts }] = await Promise.all([this.tasks(viewer, q), this.stats(viewer, q)]);
    return { query: q, tasks: tasks.slice(0, q.limit), hasMore: tasks.length > q.limit, matching, counts };
  }

  /** The predicate of the tasks the viewer may see in this scope (no filters). */
  private visible(viewer: Viewer, q: InboxQuery, p: Params): string {
    if (q.scope === 'all') return `t."status" = 'open'`;
    const me = p.add(viewer.username);
    const groups = p.add(viewer.groups);
    return `t."status" = 'open' AND (t."assignee" = ${me} OR (t."assignee" IS NULL AND (t."candidateGroups" && ${groups}::text[] OR t."candidateGroups" = '{}')))`;
  }

  /** The query's filters (not the visibility), as predicates on `t`. */
  private filters(viewer: Viewer, q: InboxQuery, p: Params): string[] {
    const where: string[] = [];
    if (q.assigned === 'me') where.push(`t."assignee" = ${p.add(viewer.username)}`);
    if (q.assigned === 'unassigned') where.push(`t."assignee" IS NULL`);
    if (q.assigned === 'others')
      where.push(`t."assignee" IS NOT NULL AND t."assignee" <> ${p.add(viewer.username)}`);
    if (q.group) where.push(`t."candidateGroups" @> ARRAY[${p.add(q.group)}]::text[]`);
    if (q.stage) where.push(`t."stage" = ${p.add(q.stage)}`);
    if (q.priority) where.push(`t."priority" = ${p.add(q.priority)}`);
    if (q.category) where.push(`t."category" = ${p.add(q.category)}`);
    if (q.due === 'overdue') where.push(`t."dueAt" < now()`);
    if (q.due === 'soon') where.push(`t."dueAt" >= now() AND t."dueAt" < now() + interval '1 day'`);
    if (q.due === 'week') where.push(`t."dueAt" >= now() AND t."dueAt" < now() + interval '7 days'`);
    if (q.due === 'none') where.push(`t."dueAt" IS NULL`);
    return where;
  }

  private async tasks(viewer: Viewer, q: InboxQuery): Promise<InboxTask[]> {
    const p = new Params();
    const where = [this.visible(viewer, q, p), ...this.filters(viewer, q, p)].join(' AND ');
    // The page is chosen on human_task alone (index order, early stop); the complaint is joined to those rows only.
    const rows = await this.dataSource.query<(Omit<InboxTask, 'overdue'> & { overdue: boolean })[]>(
      `SELECT page.*, c."trackingCode", c."subject"
         FROM (SELECT t."id", t."complaintId", t."name", t."elementId", t."candidateGroups", t."assignee", t."dueAt",
                      t."dueAt" < now() AS "overdue", t."stage", t."priority", t."category", t."createdAt"
                 FROM "human_task" t
                WHERE ${where}
                ORDER BY ${ORDER[q.sort]}
                LIMIT ${p.add(q.limit + 1)} OFFSET ${p.add(q.offset)}) page
         JOIN "complaint" c ON c."id" = page."complaintId"
        ORDER BY ${ORDER[q.sort].replaceAll('t.', 'page.')}`,
      p.values,
    );
    return rows.map((r) => ({ ...r, overdue: r.overdue === true }));
  }

  /**
   * How many tasks match every filter, and the counts per filter value over the visible set (so each
   * filter shows how many it would leave) — one statement, one pass over the visible tasks.
   */
  private async stats(viewer: Viewer, q: InboxQuery): Promise<{ matching: number; counts: InboxCounts }> {
    const p = new Params();
    const visible = this.visible(viewer, q, p);
    const filters = this.filters(viewer, q, p);
    const me = p.add(viewer.username);
    // In my scope, only my groups are worth a filter; a task's other groups are someone else's business.
    const onlyMine = q.scope === 'all' ? '' : `WHERE g = ANY(${p.add(viewer.groups)}::text[])`;
    const rows = await this.dataSource.query<{ facet: string; value: string | null; n: string }[]>(
      `WITH v AS MATERIALIZED (
         SELECT t."stage", t."priority", t."category", t."candidateGroups",
                CASE WHEN t."dueAt" IS NULL THEN 'none'
                     WHEN t."dueAt" < now() THEN 'overdue'
                     WHEN t."dueAt" < now() + interval '1 day' THEN 'soon'
                     WHEN t."dueAt" < now() + interval '7 days' THEN 'week'
                     ELSE 'later' END AS "due",
                CASE WHEN t."assignee" IS NULL THEN 'unassigned' WHEN t."assignee" = ${me} THEN 'me' ELSE 'others' END AS "assigned",
                ${filters.length ? filters.map((f) => `(${f})`).join(' AND ') : 'TRUE'} AS "hit"
           FROM "human_task" t WHERE ${visible})
       SELECT CASE WHEN grouping("stage") = 0 THEN 'stage'
                   WHEN grouping("priority") = 0 THEN 'priority'
                   WHEN grouping("category") = 0 THEN 'category'
                   WHEN grouping("due") = 0 THEN 'due'
                   WHEN grouping("assigned") = 0 THEN 'assigned'
                   ELSE 'total' END AS "facet",
              COALESCE("stage", "priority", "category", "due", "assigned") AS "value",
              count(*) AS "n"
         FROM v
        GROUP BY GROUPING SETS (("stage"), ("priority"), ("category"), ("due"), ("assigned"), ())
       UNION ALL
       SELECT 'group', g, count(*) FROM v, unnest(v."candidateGroups") AS g ${onlyMine} GROUP BY g
       UNION ALL
       SELECT 'matching', NULL, count(*) FROM v WHERE v."hit"`,
      p.values,
    );
    const counts: InboxCounts = {
      total: 0,
      group: {},
      stage: {},
      priority: {},
      category: {},
      due: { overdue: 0, soon: 0, week: 0, none: 0 },
      assigned: { me: 0, unassigned: 0, others: 0 },
    };
    let matching = 0;
    for (const f of rows) {
      const n = Number(f.n);
      if (f.facet === 'total') counts.total = n;
      else if (f.facet === 'matching') matching = n;
      else if (f.facet === 'due') {
        if (f.value === 'overdue' || f.value === 'none' || f.value === 'soon') counts.due[f.value] += n;
        // "in the next 7 days" includes the next 24 hours
        if (f.value === 'soon' || f.value === 'week') counts.due.week += n;
      } else if (f.facet === 'assigned') counts.assigned[f.value as keyof InboxCounts['assigned']] = n;
      else if (
        f.value !== null &&
        (f.facet === 'stage' || f.facet === 'priority' || f.facet === 'category' || f.facet === 'group')
      )
        counts[f.facet][f.value] = n;
    }
    return { matching, counts };
  }
}
