import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { resolveActors } from './actors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const boundary = (end: boolean) =>
  z
    .string()
    .trim()
    .max(40)
    .refine((v) => !Number.isNaN(new Date(v).getTime()), {
      message: 'must be a date (YYYY-MM-DD) or an ISO date-time',
    })
    .transform((v) => {
      const d = new Date(DATE_ONLY.test(v) ? `${v}T00:00:00.000Z` : v);
      return end && DATE_ONLY.test(v) ? new Date(d.getTime() + 86_400_000) : d;
    });

/** Filters of the audit log browser and export: period (days inclusive, UTC), actor, action, complaint. */
export const auditQuerySchema = z.object({
  from: boundary(false).optional(),
  to: boundary(true).optional(),
  /** Exact actor (`user:<id>`, `user:<email>`, `system`, `workflow`, `customer:<code>`), or a prefix ending in `*`. */
  actor: z.string().trim().max(400).optional(),
  /** Exact action (`task.completed`), or a prefix ending in `*` (`task.*`). */
  action: z.string().trim().max(200).optional(),
  entityType: z.string().trim().max(100).optional(),
  complaintId: z.uuid().optional(),
  /** Keyset: entries with a smaller id than this (newest first). */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    // A PostgreSQL bigint: a larger number must not reach the query.
    .refine(
      (v) => !/^\d+$/.test(v) || BigInt(v) <= 9_223_372_036_854_775_807n,
      'no audit entry has so large an id',
    )
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditRow {
  id: string;
  occurredAt: string;
  actor: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  complaintId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Reading the audit log (never writing it: entries are only appended by the code that acts). */
export class AuditQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** One page, newest first; `nextBefore` continues it. */
  async browse(q: AuditQuery): Promise<{ items: AuditRow[]; nextBefore: string | null }> {
    const params: unknown[] = [];
    const where = this.conditions(q, params);
    if (q.before) {
      params.push(q.before);
      where.push(`a."id" < $${params.length}::bigint`);
    }
    params.push(q.limit + 1);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT a."id", a."occurredAt", a."actor", a."action", a."entityType", a."entityId", a."complaintId", a."data", a."prevHash", a."hash"
         FROM "audit_event" a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a."id" DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    return {
      items: await this.decorate(page),
      nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Every entry of the filters, oldest first, in batches (for CSV/JSON exports of a period). */
  async *iterate(q: Omit<AuditQuery, 'before' | 'limit'>, max = 1_000_000): AsyncGenerator<AuditRow> {
    let after = '0';
    let seen = 0;
    for (;;) {
      const params: unknown[] = [];
      const where = this.conditions(q, params);
      params.push(after);
      where.push(`a."id" > $${params.length}::bigint`);
      const rows = await this.dataSource.query<AuditRow[]>(
        `SELECT a."id", a."occurredAt", a."actor", a."action", a."entityType", a."entityId", a."complaintId", a."data", a."prevHash", a."hash"
           FROM "audit_event" a WHERE ${where.join(' AND ')} ORDER BY a."id" ASC LIMIT 1000`,
        params,
      );
      for (const row of await this.decorate(rows)) {
        if (seen++ >= max) return;
        yield row;
      }
      if (rows.length < 1000) return;
      after = rows.at(-1)!.id;
    }
  }

  /** Distinct actions, for the filter's list. */
  async actions(): Promise<string[]> {
    const rows = await this.dataSource.query<{ action: string }[]>(
      `WITH RECURSIVE t(v) AS (
         (SELECT "action" FROM "audit_event" ORDER BY "action" LIMIT 1)
         UNION ALL
         SELECT (SELECT "action" FROM "audit_event" WHERE "action" > t.v ORDER BY "action" LIMIT 1) FROM t WHERE t.v IS NOT NULL
       ) SELECT v AS action FROM t WHERE v IS NOT NULL`,
    );
    return rows.map((r) => r.action);
  }

  private conditions(q: Omit<AuditQuery, 'before' | 'limit'>, params: unknown[]): string[] {
    const where: string[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const match = (column: string, value: string): string =>
      value.endsWith('*')
        ? `a."${column}" LIKE ${p(`${escapeLike(value.slice(0, -1))}%`)}`
        : `a."${column}" = ${p(value)}`;
    if (q.from) where.push(`a."occurredAt" >= ${p(q.from)}`);
    if (q.to) where.push(`a."occurredAt" < ${p(q.to)}`);
    if (q.actor) where.push(match('actor', q.actor));
    if (q.action) where.push(match('action', q.action));
    if (q.entityType) where.push(`a."entityType" = ${p(q.entityType)}`);
    if (q.complaintId) where.push(`a."complaintId" = ${p(q.complaintId)}`);
    return where;
  }

  private async decorate(rows: AuditRow[]): Promise<AuditRow[]> {
    const names = await resolveActors(
      this.dataSource,
      rows.map((r) => r.actor),
    );
    return rows.map((r) => ({
      ...r,
      id: String(r.id),
      occurredAt: new Date(r.occurredAt).toISOString(),
      actorName: names.get(r.actor) ?? null,
    }));
  }
}
