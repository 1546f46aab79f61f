import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IntakeService } from '../core/complaints/intake.service';
import { freePort } from '../core/infra/wait-for-port';
import {
  killHard,
  rssMiB,
  startService,
  stopGracefully,
  type ServiceProcess,
} from '../test/support/chaos-processes';
import { completeTaskUpdate } from '../workflows/complaint.messages';
import { bundleWorkflows } from '../worker/create-worker';
import { BENCH_ACTOR, BENCH_ANSWERS } from './support/flow-driver';
import { scrape } from './support/metrics';
import { benchComplaint, pool, until } from './support/pool';
import { startBenchStack, type BenchStack } from './support/stack';
import { machine, printTable, summarise, writeResult } from './lib';

/**
 * Many complaints waiting on people: BENCH_OPEN complaints (default 10 000) are submitted and run
 * until each waits on its "Investigate" task. Then, for each sticky-cache size in BENCH_CACHE_SIZES
 * (default "default,100": the SDK's default and a small cache), a fresh worker process is started and
 * BENCH_PICKS random tasks (default 30) are completed one at a time through `completeTaskUpdate`:
 * the time of each completion, the worker's resident memory, the workflows it holds in its cache,
 * and the SDK's sticky-cache hit/miss counters (Prometheus) are reported. The first pass also
 * reports the worker's memory with every open complaint having passed through it.
 *
 *   npm run bench -- open-complaints
 *   BENCH_OPEN=1000 BENCH_CACHE_SIZES=default,50 npx tsx bench/open-complaints.bench.ts
 */

const log = (m: string): void => console.log(`[bench] ${m}`);

interface WorkerHandle {
  process: ServiceProcess;
  metricsUrl: string;
}

async function startWorker(stack: BenchStack, bundlePath: string, cache: string): Promise<WorkerHandle> {
  const metricsPort = await freePort();
  const process_ = await startService({
    name: `worker (cache ${cache})`,
    script: 'bench/support/worker-child.ts',
    env: {
      NODE_ENV: 'production',
      REDRESS_DATA_DIR: stack.dir,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      SMTP_URL: stack.smtpUrl,
      SESSION_SECRET: stack.config.SESSION_SECRET!,
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      BENCH_WORKFLOW_BUNDLE: bundlePath,
      BENCH_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      ...(cache === 'default' ? {} : { BENCH_MAX_CACHED_WORKFLOWS: cache }),
    },
    ready: /ready \(maxCachedWorkflows \d+\)/,
    logFile: path.join(stack.dir, 'logs', `worker-${cache}.log`),
  });
  return { process: process_, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

/** The worker's last `status {…}` line: cached workflows and V8 heap used. */
function workerStatus(w: WorkerHandle): { numCachedWorkflows: number; heapUsedMiB: number } {
  const lines = w.process.recent().match(/status (\{[^\n]*\})/g) ?? [];
  const last = lines.at(-1)?.slice('status '.length);
  return last
    ? (JSON.parse(last) as { numCachedWorkflows: number; heapUsedMiB: number })
    : { numCachedWorkflows: 0, heapUsedMiB: NaN };
}

/** The SDK's sticky-cache counters and the number of workflow tasks, summed over labels. */
async function stickyCounters(w: WorkerHandle): Promise<Record<string, number>> {
  const samples = await scrape(w.metricsUrl);
  const sums: Record<string, number> = {};
  for (const s of samples)
    if (
      s.name.startsWith('temporal_sticky_cache_') ||
      s.name === 'temporal_workflow_task_execution_latency_count'
    )
      sums[s.name] = (sums[s.name] ?? 0) + s.value;
  return sums;
}

/** Runs the benchmark (also the entry of `npm run bench open-complaints`). */
export async function run(): Promise<unknown> {
  const open = Number(process.env.BENCH_OPEN ?? 10_000);
  const picks = Number(process.env.BENCH_PICKS ?? 30);
  const caches = (process.env.BENCH_CACHE_SIZES ?? 'default,100').split(',');
  log(
    `machine ${JSON.stringify(machine())}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const stack = await startBenchStack('open', { TEMPORAL_TASK_QUEUE: 'bench-open' });
  let worker: WorkerHandle | undefined;
  try {
    const bundlePath = path.join(stack.dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleWorkflows()).code);
    const intake = new IntakeService(stack.dataSource, stack.temporal, stack.config);
    const ids: string[] = [];
    const rows: Record<string, string | number>[] = [];
    const raw: unknown[] = [];
    for (const [pass, cache] of caches.entries()) {
      worker = await startWorker(stack, bundlePath, cache);
      const idleRss = rssMiB(worker.process.child.pid);
      let openingSeconds = NaN;
      if (pass === 0) {
        log(`opening ${open} complaints…`);
        const t0 = Date.now();
        await pool(open, 20, async (i) => {
          ids.push((await intake.submit(benchComplaint(i, 'open'))).complaint.id);
        });
        let lastLog = Date.now();
        await until(
          `${open} open investigation tasks`,
          async () => {
            const [row] = await stack.dataSource.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM "human_task" WHERE "status" = 'open' AND "elementId" = 'investigate'`,
            );
            if (Date.now() - lastLog > 30_000) {
              lastLog = Date.now();
              log(`${row?.n ?? 0}/${open} waiting after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
            }
            return row?.n === open;
          },
          Number(process.env.BENCH_OPEN_TIMEOUT_S ?? 7200) * 1000,
          1000,
        );
        openingSeconds = (Date.now() - t0) / 1000;
        log(`${open} complaints waiting on a person after ${openingSeconds.toFixed(0)} s`);
        await new Promise((r) => setTimeout(r, 2000)); // let the status line catch up
      }
      await new Promise((r) => setTimeout(r, 1500)); // a fresh status line
      const rssWithAll = rssMiB(worker.process.child.pid);
      const statusBefore = workerStatus(worker);
      const before = await stickyCounters(worker);

      // Complete tasks of random complaints one by one, as people in the inbox would.
      const tasks = await stack.dataSource.query<{ workflowId: string; waitId: string }[]>(
        `SELECT "workflowId", "waitId" FROM "human_task" WHERE "status" = 'open' AND "elementId" = 'investigate'
          ORDER BY random() LIMIT $1`,
        [picks],
      );
      const ms: number[] = [];
      for (const t of tasks) {
        const s = performance.now();
        await stack.temporal.workflow.getHandle(t.workflowId).executeUpdate(completeTaskUpdate, {
          args: [{ waitId: t.waitId, data: BENCH_ANSWERS.investigate!, actor: BENCH_ACTOR }],
          updateId: `bench-open:${t.workflowId}:${t.waitId}`,
        });
        ms.push(performance.now() - s);
      }
      await new Promise((r) => setTimeout(r, 1500));
      const after = await stickyCounters(worker);
      const statusAfter = workerStatus(worker);
      const delta = (k: string): number => (after[k] ?? 0) - (before[k] ?? 0);

      const s = summarise(ms);
      const row = {
        'worker cache': cache,
        'open complaints': open,
        'worker RSS idle MiB': idleRss,
        'worker RSS now MiB': rssWithAll,
        'worker heap MiB': statusBefore.heapUsedMiB,
        'cached before picks': statusBefore.numCachedWorkflows,
        'cached after picks': statusAfter.numCachedWorkflows,
        'completions timed': ms.length,
        'complete p50 ms': Math.round(s.p50),
        'complete p95 ms': Math.round(s.p95),
        'complete max ms': Math.round(s.max),
        'sticky cache hits (picks)': delta('temporal_sticky_cache_hit'),
        // A workflow task that is not a hit found its complaint out of the cache and replayed its history.
        'cache misses (picks)':
          delta('temporal_workflow_task_execution_latency_count') - delta('temporal_sticky_cache_hit'),
      };
      rows.push(row);
      raw.push({ ...row, openingSeconds, metricsBefore: before, metricsAfter: after, completionMs: ms });
      await stopGracefully(worker.process, 40_000);
      worker = undefined;
    }
    printTable(
      `${open} complaints waiting on human tasks (${machine().cpus} cores, ${machine().cpuModel})`,
      rows,
    );
    const file = writeResult('open-complaints', { open, picks, rows, raw });
    log(`results written to ${file}`);
    return rows;
  } finally {
    if (worker) await killHard(worker.process);
    await stack.stop();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
