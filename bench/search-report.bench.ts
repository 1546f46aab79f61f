import 'reflect-metadata';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { startEmbeddedPostgres } from '../core/infra/embedded-postgres';
import { freePort } from '../core/infra/wait-for-port';
import { reportQuerySchema } from '../core/reports/report-filters';
import { ReportService } from '../core/reports/report.service';
import { complaintSearchSchema } from '../core/search/complaint-search.schema';
import { ComplaintSearchService } from '../core/search/complaint-search.service';
import { writeResult } from './lib';

/**
 * Search and report queries at scale: seeds BENCH_COMPLAINTS complaints (default 1 000 000) with
 * bulk `INSERT … SELECT generate_series` (customers, tasks, messages and timeline entries too),
 * then runs each search and report query repeatedly and prints p50/p95, with the plan of each
 * search (EXPLAIN ANALYZE). Results go to bench/results/search-report-<time>.json (and -latest).
 * Seeding a million complaints takes 5 to 10 minutes; `npm run bench search-report` runs it alone.
 *
 *   npx tsx bench/search-report.bench.ts                    # embedded PostgreSQL in a temp folder
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/search-report.bench.ts   # an existing, empty database
 *   BENCH_COMPLAINTS=100000 BENCH_RUNS=10 npx tsx bench/search-report.bench.ts
 *   BENCH_DATA_DIR=.data/bench npx tsx bench/search-report.bench.ts   # keep the seeded cluster for the next run
 */

const N = Number(process.env.BENCH_COMPLAINTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const log = (m: string): void => console.log(`[bench] ${m}`);

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}

async function time(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; max: number }> {
  await fn(); // warm the cache and the plan
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { p50: round(percentile(ms, 0.5)), p95: round(percentile(ms, 0.95)), max: round(Math.max(...ms)) };
}

/** Bulk seed in SQL: a few statements, each generating all its rows server-side. */
async function seed(ds: DataSource): Promise<void> {
  const customers = Math.max(1, Math.floor(N / 3));
  const q = async (what: string, sql: string, params: unknown[] = []): Promise<void> => {
    const t0 = Date.now();
    await ds.query(sql, params);
    log(`${what} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  await ds.query(`SET synchronous_commit = off`);
  await q(
    'process definition',
    `INSERT INTO "process_definition" ("id", "key", "version", "name", "bpmnXml", "compiled", "deployedBy")
     VALUES ('00000000-0000-4000-8000-00000000b001', 'complaint', 1, 'Complaint', '<definitions/>',
             '{"id":"complaint","startEventId":"start","elements":{"investigate":{"id":"investigate","kind":"userTask","name":"Investigate","incoming":[],"outgoing":[]},"approveRemedy":{"id":"approveRemedy","kind":"userTask","name":"Approve remedy","incoming":[],"outgoing":[]}},"flows":{}}', 'bench'),
            ('00000000-0000-4000-8000-00000000b002', 'complaint', 2, 'Complaint', '<definitions/>', '{"id":"complaint","startEventId":"start","elements":{},"flows":{}}', 'bench')`,
  );
  await q(
    `${customers} customers`,
    `INSERT INTO "customer" ("id", "name", "email", "phone", "createdAt")
     SELECT md5('cu' || g)::uuid,
            (ARRAY['Ada','Bob','Chen','Dara','Emil','Fatemeh','Giang','Hana','Ivan','Jo'])[1 + g % 10] || ' ' || (ARRAY['Smith','Nguyen','Ivanova','Karimi','Lovelace','Marley','Okafor','Petrov'])[1 + (g / 10) % 8] || ' ' || g,
            'customer' || g || '@example.test',
            CASE WHEN g % 3 = 0 THEN '+44 20 ' || lpad((g % 100000000)::text, 8, '0') END,
            timestamptz '2019-01-01' + (g % 2000) * interval '1 day'
       FROM generate_series(1, $1) g`,
    [customers],
  );
  await q(
    `${N} complaints`,
    `INSERT INTO "complaint" ("id", "trackingCode", "customerId", "channel", "type", "category", "product", "department", "subject", "description",
       "stage", "status", "processDefinitionId", "processKey", "processVersion", "workflowId", "acknowledgedAt", "resolvedAt", "closedAt",
       "reopenCount", "satisfaction", "remedyType", "remedyAmount", "createdAt", "updatedAt")
     SELECT md5('c' || g)::uuid,
            'RD-' || upper(substr(md5('t' || g), 1, 4)) || '-' || upper(substr(md5('t' || g), 5, 4)) || '-' || upper(substr(md5('t' || g), 9, 4)) || '-' || upper(substr(md5('t' || g), 13, 4)),
            md5('cu' || (1 + (g::bigint * 7919) % $2))::uuid,
            (ARRAY['web','email','phone','letter','in_person','api'])[1 + g % 6],
            (ARRAY['complaint','complaint','complaint','claim','suggestion','compliment'])[1 + (g / 7) % 6],
            (ARRAY['product','billing','delivery','service','safety','general'])[1 + (g / 3) % 6],
            (ARRAY['kettle','toaster','fridge','washer','router'])[1 + (g / 11) % 5],
            (ARRAY['quality','finance','sales','safety'])[1 + (g / 5) % 4],
            (ARRAY['Broken kettle','Charged twice','Parcel never arrived','Rude assistant','Smoke from charger','Late refund'])[1 + g % 6] || ' #' || g,
            (ARRAY['The kettle stopped heating after two days.','I was charged twice on my invoice and want a refund.','The courier says delivered but nothing came.',
                   'The assistant was rude and ignored me.','The charger started smoking, this is dangerous.','My refund is three weeks late.'])[1 + (g / 2) % 6]
              || ' Order ' || g || ' reference ' || md5('d' || g),
            CASE WHEN g % 10 < 7 THEN 'closed' ELSE (ARRAY['investigation','approval','survey'])[1 + g % 3] END,
            CASE WHEN g % 10 < 7 THEN 'closed' ELSE 'open' END,
            CASE WHEN g % 20 = 0 THEN '00000000-0000-4000-8000-00000000b002'::uuid ELSE '00000000-0000-4000-8000-00000000b001'::uuid END,
            'complaint', CASE WHEN g % 20 = 0 THEN 2 ELSE 1 END,
            'complaint-' || md5('c' || g)::uuid,
            t.created + ((g % 180) + 1) * interval '1 minute',
            CASE WHEN g % 10 < 8 THEN t.created + ((g % 500) + 10) * interval '1 hour' END,
            CASE WHEN g % 10 < 7 THEN t.created + ((g % 500) + 60) * interval '1 hour' END,
            CASE WHEN g % 17 = 0 THEN 1 ELSE 0 END,
            CASE WHEN g % 10 < 7 AND g % 4 <> 0 THEN 1 + g % 5 END,
            CASE WHEN g % 10 < 7 THEN (ARRAY['refund','repair','apology','replacement','none'])[1 + g % 5] END,
            CASE WHEN g % 10 < 7 AND g % 5 < 4 THEN ((g % 50000) / 100.0)::numeric(12,2) END,
            t.created, t.created
       FROM generate_series(1, $1) g
       CROSS JOIN LATERAL (SELECT timestamptz '2021-01-01' + (g::float8 / $1) * interval '5 years' AS created) t`,
    [N, customers],
  );
  await q(
    `${N} tasks`,
    `INSERT INTO "human_task" ("complaintId", "workflowId", "waitId", "elementId", "name", "candidateGroups", "assignee", "status", "dueAt", "completedBy", "completedAt", "createdAt")
     SELECT c."id", c."workflowId", 'w5', 'investigate', 'Investigate', ARRAY[c."department"],
            CASE WHEN c."status" = 'open' AND g % 3 = 0 THEN 'agent' || (g % 50) || '@staff.test' END,
            CASE WHEN c."status" = 'open' AND c."stage" = 'investigation' THEN 'open' ELSE 'completed' END,
            c."createdAt" + interval '5 days',
            CASE WHEN NOT (c."status" = 'open' AND c."stage" = 'investigation') THEN 'agent' || (g % 50) || '@staff.test' END,
            CASE WHEN NOT (c."status" = 'open' AND c."stage" = 'investigation') THEN c."createdAt" + ((g % 200) + 1) * interval '1 hour' END,
            c."createdAt" + interval '1 hour'
       FROM generate_series(1, $1) g JOIN "complaint" c ON c."id" = md5('c' || g)::uuid`,
    [N],
  );
  await q(
    `${2 * N} messages`,
    `INSERT INTO "outbound_message" ("idempotencyKey", "complaintId", "channel", "recipient", "template", "locale", "subject", "body", "status", "attempts", "createdAt", "sentAt")
     SELECT c."workflowId" || ':' || m.step || ':email', c."id", 'email', 'customer@example.test', m.template, 'en', 'About your complaint', 'Text of ' || m.template, 'sent', 1, c."createdAt", c."createdAt"
       FROM "complaint" c CROSS JOIN (VALUES ('w1', 'acknowledgment'), ('w9', 'resolution')) AS m(step, template)`,
  );
  await q(
    `${2 * N} timeline entries`,
    `INSERT INTO "timeline_entry" ("complaintId", "workflowId", "seq", "kind", "elementId", "processVersion", "data", "occurredAt")
     SELECT h."complaintId", h."workflowId", k.seq, k.kind, 'investigate', 1, '{"kind":"userTask","tokenId":"t1"}', CASE WHEN k.seq = 1 THEN h."createdAt" ELSE h."completedAt" END
       FROM "human_task" h CROSS JOIN (VALUES (1, 'elementEntered'), (2, 'elementLeft')) AS k(seq, kind)
      WHERE k.seq = 1 OR h."completedAt" IS NOT NULL`,
  );
  // What autovacuum does in a live database: statistics, and the visibility map index-only scans need.
  await q('VACUUM ANALYZE', 'VACUUM ANALYZE');
}

/** Seeds (unless the database already holds complaints), times every query, writes the results. */
export async function run(): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!url) {
    // BENCH_DATA_DIR keeps the seeded cluster for the next run (seeding a million rows takes minutes).
    const keep = process.env.BENCH_DATA_DIR;
    const dir = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), 'redress-bench-'));
    if (!keep) tmp = dir;
    mkdirSync(dir, { recursive: true });
    // As root, PostgreSQL runs as a `postgres` user, which must be able to enter the folder.
    chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'redress_bench',
      persistent: Boolean(keep),
    });
    url = pg.url;
    stop = pg.stop;
    log(`embedded PostgreSQL at ${url.replace(/:[^:@/]+@/, ':***@')}`);
  }
  const ds = createDataSource(url, { poolSize: 4, applicationName: 'redress-bench' });
  await ds.initialize();
  try {
    await runMigrations(ds);
    const { n } = (await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "complaint"`))[0]!;
    if (n === 0) await seed(ds);
    else log(`database already holds ${n} complaints: not seeding`);
    const { total } = (
      await ds.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM "complaint"`)
    )[0]!;

    const search = new ComplaintSearchService(ds);
    const reports = new ReportService(ds, 360, 0);
    const { code, customer } = (
      await ds.query<{ code: string; customer: string }[]>(
        `SELECT c."trackingCode" AS code, cu."email" AS customer FROM "complaint" c JOIN "customer" cu ON cu."id" = c."customerId" ORDER BY c."createdAt" DESC OFFSET 1234 LIMIT 1`,
      )
    )[0]!;
    // a cursor 20 pages deep, to show keyset pages cost the same as the first
    let deep: string | null | undefined;
    for (let i = 0; i < 20; i++)
      deep = (await search.search(complaintSearchSchema.parse({ limit: 50, cursor: deep ?? undefined })))
        .nextCursor;

    const searches: Record<string, Record<string, unknown>> = {
      'latest (no filter)': {},
      'page 21 (keyset cursor)': { cursor: deep },
      'tracking code': { trackingCode: code },
      'customer email': { customer },
      'customer name part': { customer: 'lovelace 12' },
      'full text': { text: 'charger smoking' },
      'full text phrase + category': { text: '"charged twice"', category: 'billing' },
      'category + last 90 days': { category: 'safety', from: '2025-10-01', to: '2025-12-31' },
      'channel + stage': { channel: 'letter', stage: 'investigation' },
      'rare pair, no match': { channel: 'letter', stage: 'approval' },
      'SLA overdue': { sla: 'overdue' },
      'SLA breached + department': { sla: 'breached', department: 'finance' },
      assignee: { assignee: 'agent7@staff.test' },
      'model version 2': { processVersion: 2 },
    };
    const results: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(searches)) {
      const filters = complaintSearchSchema.parse({ limit: 50, ...query });
      const timing = await time(RUNS, () => search.search(filters));
      const rows = (await search.search(filters)).items.length;
      results[`search: ${name}`] = { ...timing, rows };
      log(
        `search ${name.padEnd(30)} p50 ${String(timing.p50).padStart(8)} ms  p95 ${String(timing.p95).padStart(8)} ms  (${rows} rows)`,
      );
    }
    const plans = await explainSearches(url, searches);

    const year = reportQuerySchema.parse({ from: '2025-01-01', to: '2025-12-31' });
    const yearDept = reportQuerySchema.parse({ from: '2025-01-01', to: '2025-12-31', department: 'finance' });
    const methods = {
      volume: (f: typeof year) => reports.volume(f),
      'breakdown by category': (f: typeof year) => reports.breakdown(f, 'category'),
      'time to acknowledge': (f: typeof year) => reports.timeToAcknowledge(f),
      'time to resolve': (f: typeof year) => reports.timeToResolve(f),
      'resolved within SLA': (f: typeof year) => reports.resolvedWithinSla(f),
      'task deadlines met': (f: typeof year) => reports.taskDeadlinesMet(f),
      'first-contact resolution': (f: typeof year) => reports.firstContactResolution(f),
      'repeat complaints': (f: typeof year) => reports.repeatComplaints(f),
      'reopen rate': (f: typeof year) => reports.reopenRate(f),
      satisfaction: (f: typeof year) => reports.satisfaction(f),
      remedies: (f: typeof year) => reports.remedies(f),
      'waiting times': (f: typeof year) => reports.waitingTimes(f),
      'deadlines by step': (f: typeof year) => reports.deadlinesByStep(f),
      'whole report (parallel)': (f: typeof year) => reports.report(f),
    };
    const reportRuns = Math.max(3, Math.floor(RUNS / 4));
    for (const [label, f] of [
      ['1 year', year],
      ['1 year, 1 department', yearDept],
    ] as const) {
      for (const [name, fn] of Object.entries(methods)) {
        const timing = await time(reportRuns, () => fn(f));
        results[`report (${label}): ${name}`] = timing;
        log(
          `report ${label.padEnd(20)} ${name.padEnd(26)} p50 ${String(timing.p50).padStart(8)} ms  p95 ${String(timing.p95).padStart(8)} ms`,
        );
      }
    }
    const out = writeResult('search-report', {
      complaints: total,
      runs: RUNS,
      reportRuns,
      postgres: (await ds.query<{ v: string }[]>('SHOW server_version'))[0]!.v,
      results,
      plans,
    });
    log(`results written to ${path.relative(process.cwd(), out)}`);
  } finally {
    await ds.destroy();
    await stop?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of each search, captured with the exact SQL the service sends. */
async function explainSearches(
  url: string,
  searches: Record<string, Record<string, unknown>>,
): Promise<Record<string, string[]>> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const plans: Record<string, string[]> = {};
  try {
    for (const [name, query] of Object.entries(searches)) {
      const captured: { sql: string; params: unknown[] }[] = [];
      const spy = {
        query: (sql: string, params: unknown[]) => (captured.push({ sql, params }), Promise.resolve([])),
      } as unknown as DataSource;
      await new ComplaintSearchService(spy).search(complaintSearchSchema.parse({ limit: 50, ...query }));
      const { sql, params } = captured[0]!;
      const res = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plans[name] = res.rows.map((r) => r['QUERY PLAN']);
    }
  } finally {
    await pg.end();
  }
  return plans;
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
