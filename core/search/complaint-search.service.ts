import type { DataSource } from 'typeorm';
import type { ComplaintSearchFilters } from './complaint-search.schema';
import { decodeCursor, encodeCursor } from './cursor';

/** One complaint in a search result. */
export interface ComplaintSearchRow {
  id: string;
  trackingCode: string;
  createdAt: string;
  customerId: string;
  customerName: string;
  channel: string;
  type: string;
  category: string | null;
  product: string | null;
  department: string | null;
  stage: string;
  status: string;
  priority: string;
  processKey: string;
  processVersion: number;
  subject: string;
  /** An open task is past its due time now. */
  overdue: boolean;
  /** A task was finished or withdrawn after its due time, or one is overdue now. */
  breached: boolean;
}

export interface ComplaintSearchPage {
  items: ComplaintSearchRow[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Thrown for a cursor that was not produced by this service (tampered or truncated). */
export class InvalidCursorError extends Error {}

// The expression must match the complaint_fulltext index exactly, or the index is not used.
const FULLTEXT = `to_tsvector('simple', c."subject" || ' ' || c."description")`;
const CONTACT = `lower(cu2."name" || ' ' || coalesce(cu2."email", '') || ' ' || coalesce(cu2."phone", ''))`;
// One EXISTS each (an OR of two EXISTS cannot become a semi-join): probed through human_task's
// complaintId index per candidate row, or hashed from the partial indexes, as the planner prefers.
const OVERDUE = `EXISTS (SELECT 1 FROM "human_task" h WHERE h."complaintId" = c."id" AND h."status" = 'open' AND h."dueAt" < now())`;
const BREACHED = `EXISTS (SELECT 1 FROM "human_task" h WHERE h."complaintId" = c."id" AND h."dueAt" IS NOT NULL AND (h."completedAt" > h."dueAt" OR (h."status" = 'open' AND h."dueAt" < now())))`;

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The compliance search over PostgreSQL: every filter is an indexed predicate (see migration
 * 1764058200000-compliance), results newest first with keyset pagination on ("createdAt", "id"),
 * so page 1 000 costs what page 1 costs. No total count: counting a million rows on every page
 * would be the slowest part.
 */
export class ComplaintSearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(filters: ComplaintSearchFilters): Promise<ComplaintSearchPage> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = this.conditions(filters, p);
    if (filters.cursor) {
      const cursor = decodeCursor(filters.cursor);
      if (!cursor)
        throw new InvalidCursorError('The page cursor is not valid; start again from the first page.');
      where.push(`(c."createdAt", c."id") < (${p(cursor.createdAt)}::timestamptz, ${p(cursor.id)}::uuid)`);
    }
    const limit = filters.limit;
    // The page first, then the deadline flags of its rows only (a lateral probe per row, never a scan of all tasks).
    const rows = await this.dataSource.query<(ComplaintSearchRow & { createdAtKey: string })[]>(
      `WITH page AS (
         SELECT c."id", c."trackingCode", c."createdAt", c."customerId", cu."name" AS "customerName", c."channel", c."type",
                c."category", c."product", c."department", c."stage", c."status", c."priority", c."processKey", c."processVersion",
                c."subject",
                to_char(c."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAtKey"
           FROM "complaint" c
           JOIN "customer" cu ON cu."id" = c."customerId"
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY c."createdAt" DESC, c."id" DESC
          LIMIT ${p(limit + 1)}
       )
       SELECT page.*, d."overdue", d."breached"
         FROM page
         CROSS JOIN LATERAL (
           SELECT coalesce(bool_or(h."status" = 'open' AND h."dueAt" < now()), false) AS "overdue",
                  coalesce(bool_or(h."completedAt" > h."dueAt" OR (h."status" = 'open' AND h."dueAt" < now())), false) AS "breached"
             FROM "human_task" h WHERE h."complaintId" = page."id" AND h."dueAt" IS NOT NULL
         ) d
        ORDER BY page."createdAt" DESC, page."id" DESC`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ createdAtKey: _key, ...row }) => ({
        ...row,
        createdAt: new Date(row.createdAt).toISOString(),
      })),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.createdAtKey, id: last.id }) : null,
    };
  }

  /** Every matching complaint, page by page (for exports); stops after `max` rows. */
  async *iterate(filters: ComplaintSearchFilters, max = 100_000): AsyncGenerator<ComplaintSearchRow> {
    let cursor = filters.cursor;
    let seen = 0;
    for (;;) {
      const page = await this.search({ ...filters, cursor, limit: 200 });
      for (const row of page.items) {
        if (seen++ >= max) return;
        yield row;
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** The SQL predicates for the filters (the cursor aside), with their parameters added through `p`. */
  private conditions(f: ComplaintSearchFilters, p: (v: unknown) => string): string[] {
    const where: string[] = [];
    if (f.trackingCode) where.push(`c."trackingCode" = ${p(f.trackingCode)}`);
    if (f.customerId) where.push(`c."customerId" = ${p(f.customerId)}`);
    if (f.customer)
      where.push(
        `c."customerId" IN (SELECT cu2."id" FROM "customer" cu2 WHERE ${CONTACT} LIKE ${p(`%${escapeLike(f.customer.toLowerCase())}%`)})`,
      );
    if (f.text) where.push(`${FULLTEXT} @@ websearch_to_tsquery('simple', ${p(f.text)})`);
    if (f.category) where.push(`c."category" = ${p(f.category)}`);
    if (f.channel) where.push(`c."channel" = ${p(f.channel)}`);
    if (f.type) where.push(`c."type" = ${p(f.type)}`);
    if (f.stage) where.push(`c."stage" = ${p(f.stage)}`);
    if (f.status) where.push(`c."status" = ${p(f.status)}`);
    if (f.department) where.push(`c."department" = ${p(f.department)}`);
    if (f.product) where.push(`c."product" = ${p(f.product)}`);
    if (f.from) where.push(`c."createdAt" >= ${p(f.from)}`);
    if (f.to) where.push(`c."createdAt" < ${p(f.to)}`);
    if (f.processKey) where.push(`c."processKey" = ${p(f.processKey)}`);
    if (f.processVersion) where.push(`c."processVersion" = ${p(f.processVersion)}`);
    if (f.assignee) {
      const who = p(f.assignee);
      where.push(
        `EXISTS (SELECT 1 FROM "human_task" h WHERE h."complaintId" = c."id" AND (h."assignee" = ${who} OR h."completedBy" = ${who}))`,
      );
    }
    if (f.sla === 'overdue') where.push(OVERDUE);
    if (f.sla === 'breached') where.push(BREACHED);
    if (f.sla === 'within') where.push(`NOT ${BREACHED}`);
    return where;
  }

  /** Distinct values for the filter drop-downs (small tables of known values, cheap on the indexes). */
  async facets(): Promise<{
    categories: string[];
    departments: string[];
    stages: string[];
    versions: { key: string; version: number }[];
  }> {
    const distinct = async (column: string): Promise<string[]> => {
      // A recursive "loose index scan": one index probe per distinct value, not a scan of a million rows.
      const rows = await this.dataSource.query<{ v: string }[]>(
        `WITH RECURSIVE t(v) AS (
           (SELECT "${column}" FROM "complaint" WHERE "${column}" IS NOT NULL ORDER BY "${column}" LIMIT 1)
           UNION ALL
           SELECT (SELECT "${column}" FROM "complaint" WHERE "${column}" > t.v ORDER BY "${column}" LIMIT 1) FROM t WHERE t.v IS NOT NULL
         ) SELECT v FROM t WHERE v IS NOT NULL`,
      );
      return rows.map((r) => r.v);
    };
    const versions = await this.dataSource.query<{ key: string; version: number }[]>(
      `SELECT "key", "version" FROM "process_definition" ORDER BY "key", "version" DESC`,
    );
    return {
      categories: await distinct('category'),
      departments: await distinct('department'),
      stages: await distinct('stage'),
      versions,
    };
  }
}
