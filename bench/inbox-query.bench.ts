import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { startEmbeddedPostgres } from '../core/infra/embedded-postgres';
import { freePort } from '../core/infra/wait-for-port';
import { InboxService, inboxQuerySchema } from '../core/tasks/inbox.service';
import type { Viewer } from '../core/tasks/task-access';
import { printTable, summarise, writeResult } from './lib';

/**
 * The task inbox query at 100 000 and 1 000 000 `human_task` rows (one complaint each; 10 % of the
 * tasks open, a third of those claimed by one of 200 agents, due dates from a week ago to a week
 * ahead, spread over four departments and the approvers), seeded in bulk with `INSERT … SELECT generate_series`. For
 * each size it times the whole inbox answer (page + matching count + counts per filter, as
 * `GET /api/tasks` runs them) for typical viewers and filters, prints p50/p95 and the plan of the
 * page query, and writes bench/results/inbox-query-<time>.json. Timings never fail the run.
 *
 *   npx tsx bench/inbox-query.bench.ts                      # embedded PostgreSQL in a temp folder
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/inbox-query.bench.ts   # an existing, empty database
 *   BENCH_INBOX_SIZES=100000 BENCH_RUNS=10 npx tsx bench/inbox-query.bench.ts
 */

const SIZES = (process.env.BENCH_INBOX_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const log = (m: string): void => console.log(`[bench] ${m}`);

const DEFINITION_ID = '00000000-0000-4000-8000-00000000a001';

/** Adds complaints and their tasks numbered `from`..`to` (inclusive), all server-side. */
async function seed(ds: DataSource, from: number, to: number): Promise<void> {
  const q = async (what: string, sql: string, params: unknown[] = []): Promise<void> => {
    const t0 = Date.now();
    await ds.query(sql, params);
    log(`${what} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  await ds.query(`SET synchronous_commit = off`);
  if (from === 1) {
    await q(
      'process definition and customer',
      `WITH d AS (INSERT INTO "process_definition" ("id", "key", "version", "bpmnXml", "compiled", "deployedBy")
                  VALUES ('${DEFINITION_ID}', 'complaint', 1, '<definitions/>', '{}', 'bench') RETURNING 1)
       INSERT INTO "customer" ("id", "name", "email") VALUES ('00000000-0000-4000-8000-00000000c001', 'Bench Customer', 'bench@example.test')`,
    );
  }
  // Two pseudo-random numbers per row (from md5), so department, priority, age and assignee vary independently.
  const random = `CROSS JOIN LATERAL (SELECT ('x' || substr(md5(g::text), 1, 7))::bit(28)::int AS h, ('x' || substr(md5(g::text), 8, 7))::bit(28)::int AS h2) r`;
  await q(
    `complaints ${from}–${to}`,
    `INSERT INTO "complaint" ("id", "trackingCode", "customerId", "channel", "category", "department", "subject", "description", "stage", "status",
       "priority", "processDefinitionId", "processKey", "processVersion", "workflowId", "createdAt", "updatedAt")
     SELECT md5('c' || g)::uuid, 'RD-' || upper(substr(md5('t' || g), 1, 16)), '00000000-0000-4000-8000-00000000c001', 'web',
            (ARRAY['product','billing','delivery','service'])[1 + r.h % 4], (ARRAY['quality','finance','sales','safety'])[1 + r.h % 4],
            'Complaint ' || g, 'Bench complaint number ' || g,
            CASE WHEN g % 10 = 0 THEN (ARRAY['investigation','investigation','investigation','approval'])[1 + (r.h2 / 5) % 4] ELSE 'closed' END,
            CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END,
            (ARRAY['normal','normal','normal','high','urgent'])[1 + r.h2 % 5],
            '${DEFINITION_ID}', 'complaint', 1, 'complaint-' || md5('c' || g)::uuid,
            now() - ((r.h / 4) % 12) * interval '1 day' - (g % 10) * interval '30 days', now()
       FROM generate_series($1::int, $2::int) g ${random}`,
    [from, to],
  );
  // The statement-level trigger sends one "many rows" notification for the whole insert, not one per row.
  await q(
    `tasks ${from}–${to}`,
    `INSERT INTO "human_task" ("complaintId", "workflowId", "waitId", "elementId", "name", "candidateGroups", "assignee", "status", "dueAt",
       "stage", "priority", "category", "completedBy", "completedAt", "createdAt")
     SELECT c."id", c."workflowId", 'w5', CASE WHEN c."stage" = 'approval' THEN 'approveRemedy' ELSE 'investigate' END,
            CASE WHEN c."stage" = 'approval' THEN 'Approve remedy' ELSE 'Investigate' END,
            CASE WHEN c."stage" = 'approval' THEN ARRAY['approvers'] ELSE ARRAY[c."department"] END,
            CASE WHEN c."status" = 'open' AND (r.h / 64) % 3 = 0 THEN 'agent' || ((r.h / 256) % 200) || '@staff.test' END,
            CASE WHEN c."status" = 'open' THEN 'open' ELSE 'completed' END,
            c."createdAt" + interval '5 days' + (r.h2 / 32) % 48 * interval '1 hour',
            c."stage", c."priority", c."category",
            CASE WHEN c."status" <> 'open' THEN 'agent' || ((r.h / 256) % 200) || '@staff.test' END,
            CASE WHEN c."status" <> 'open' THEN c."createdAt" + interval '2 days' END,
            c."createdAt" + interval '1 hour'
       FROM generate_series($1::int, $2::int) g ${random} JOIN "complaint" c ON c."id" = md5('c' || g)::uuid`,
    [from, to],
  );
  // What autovacuum does soon after a bulk load; it also lets the covering index answer without the table.
  await q('VACUUM ANALYZE', 'VACUUM ANALYZE "human_task"');
  await q('ANALYZE complaints', 'ANALYZE "complaint"');
}

const agent = (groups: string[], n = 0): Viewer => ({
  userId: `u${n}`,
  username: `agent${n}@staff.test`,
  roles: ['agent'],
  groups,
});
const approver: Viewer = {
  userId: 'ap',
  username: 'approver@staff.test',
  roles: ['approver'],
  groups: ['approvers'],
};

/** The inbox requests measured: who asks, and with which query string. */
const CASES: { name: string; viewer: Viewer; query: Record<string, string> }[] = [
  { name: 'agent, one group, default page', viewer: agent(['quality']), query: {} },
  { name: 'agent, two groups, default page', viewer: agent(['quality', 'finance']), query: {} },
  { name: 'agent, overdue only', viewer: agent(['quality']), query: { due: 'overdue' } },
  { name: 'agent, assigned to me', viewer: agent(['quality']), query: { assigned: 'me' } },
  { name: 'agent, page 201 (offset 5000)', viewer: agent(['quality']), query: { offset: '5000' } },
  { name: 'approver, own group', viewer: approver, query: {} },
  { name: 'approver, all tasks', viewer: approver, query: { scope: 'all' } },
  {
    name: 'approver, all, group=sales, urgent',
    viewer: approver,
    query: { scope: 'all', group: 'sales', priority: 'urgent' },
  },
];

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm the cache and the plan
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement the inbox sends for one case, with its exact SQL. */
async function explain(
  url: string,
  viewer: Viewer,
  query: Record<string, string>,
): Promise<Record<string, string[]>> {
  const captured: { sql: string; params: unknown[] }[] = [];
  const spy = {
    query: (sql: string, params: unknown[]) => (captured.push({ sql, params }), Promise.resolve([])),
  } as unknown as DataSource;
  await new InboxService(spy).page(viewer, inboxQuerySchema.parse(query));
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const plans: Record<string, string[]> = {};
    for (const [i, { sql, params }] of captured.entries()) {
      const res = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plans[['page', 'stats'][i] ?? `q${i}`] = res.rows.map((r) => r['QUERY PLAN']);
    }
    return plans;
  } finally {
    await pg.end();
  }
}

/** Runs the benchmark (also the entry of `npm run bench inbox-query`). */
export async function run(): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!url) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'redress-inbox-bench-'));
    chmodSync(tmp, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter the folder
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(tmp, 'pg'),
      port: await freePort(),
      database: 'redress_bench',
      persistent: false,
    });
    url = pg.url;
    stop = pg.stop;
    log(`embedded PostgreSQL at ${url.replace(/:[^:@/]+@/, ':***@')}`);
  }
  const ds = createDataSource(url, { poolSize: 4, applicationName: 'redress-bench' });
  await ds.initialize();
  const results: {
    rows: number;
    open: number;
    cases: Record<string, unknown>[];
    plans: Record<string, Record<string, string[]>>;
  }[] = [];
  try {
    await runMigrations(ds);
    const existing = (await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "human_task"`))[0]!.n;
    if (existing > 0)
      throw new Error(`the bench database already holds ${existing} tasks; give it an empty one`);
    const inbox = new InboxService(ds);
    let seeded = 0;
    for (const size of [...SIZES].sort((a, b) => a - b)) {
      await seed(ds, seeded + 1, size);
      seeded = size;
      const open = (
        await ds.query<{ open: number }[]>(
          `SELECT count(*)::int AS open FROM "human_task" WHERE "status" = 'open'`,
        )
      )[0]!.open;
      const rows: Record<string, string | number>[] = [];
      for (const c of CASES) {
        const query = inboxQuerySchema.parse(c.query);
        let shown = 0;
        let matching = 0;
        const ms = await time(RUNS, async () => {
          const page = await inbox.page(c.viewer, query);
          shown = page.tasks.length;
          matching = page.matching;
        });
        const s = summarise(ms);
        rows.push({ case: c.name, matching, shown, p50_ms: s.p50, p95_ms: s.p95, max_ms: s.max });
      }
      printTable(
        `Inbox (page + count + counts per filter) at ${size} tasks, ${open} open, ${RUNS} runs each`,
        rows,
      );
      const plans = {
        'agent, one group, default page': await explain(url, CASES[0]!.viewer, CASES[0]!.query),
        'approver, all tasks': await explain(url, approver, { scope: 'all' }),
      };
      console.log(
        `\nPlan of the page query (agent, one group, ${size} tasks):\n${plans['agent, one group, default page']!.page!.join('\n')}`,
      );
      results.push({ rows: size, open, cases: rows, plans });
    }
    const file = writeResult('inbox-query', { runs: RUNS, sizes: results });
    log(`results written to ${file}`);
  } finally {
    await ds.destroy();
    await stop?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
