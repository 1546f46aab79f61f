import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DefaultLogger,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { IntakeService } from '../core/complaints/intake.service';
import { bundleWorkflows } from '../worker/create-worker';
import { FlowDriver } from './support/flow-driver';
import { benchComplaint, pool, until } from './support/pool';
import { freePort } from '../core/infra/wait-for-port';
import { histogramMean, scrape, type Sample } from './support/metrics';
import { installQuietRuntime, startBenchStack, startBenchWorker, type BenchStack } from './support/stack';
import { machine, printTable, summarise, writeResult } from './lib';

/**
 * Flow throughput against the limit. N complaints (BENCH_COMPLAINTS, default 500) go through the
 * default process on the real Temporal dev server and PostgreSQL — intake, acknowledgment,
 * classification, investigation (Update), approval (Update), resolution, survey (signal), closure —
 * then the same N through a hand-written Temporal workflow making the same 28 activity calls, 3
 * timers, 2 Updates and 1 signal with no BPMN interpreter (bench/baseline/baseline.workflow.ts).
 * The driver completes tasks the way the inbox does (`completeTaskUpdate`) and answers surveys by
 * the `surveyAnswered` message. Prints complaints/s, step latencies and the ratio Redress/baseline.
 *
 *   npm run bench -- flow-throughput
 *   BENCH_COMPLAINTS=100 npx tsx bench/flow-throughput.bench.ts      # a quick run
 *   BENCH_SUBMIT_CONCURRENCY=25 BENCH_WARMUP=20 BENCH_ROUNDS=2 …     # knobs (defaults shown)
 */

const log = (m: string): void => console.log(`[bench] ${m}`);

type Variant = 'redress' | 'baseline';

interface BatchResult {
  variant: Variant;
  complaints: number;
  seconds: number;
  complaintsPerSecond: number;
  /** Entered → left of each service task, from the workflow's own trail (ms). */
  serviceStepMs: number[];
  /** Round trip of each completeTask Update, as the inbox would see it (ms). */
  updateMs: number[];
  /** First to last timeline entry of each complaint (ms), including the driver's reaction time. */
  complaintMs: number[];
  /** Intake (database row + workflow start) per complaint (ms). */
  intakeMs: number[];
  stepsPerComplaint: number;
  workerRssMiB: number;
  /** Where the time goes, from the SDK's own metrics for this batch's task queue (means, ms). */
  profile: {
    workflowTasks: number;
    workflowTaskExecMs: number;
    workflowTaskScheduleToStartMs: number;
    activities: number;
    activityExecMs: number;
    activityScheduleToStartMs: number;
    historyEvents: number;
    historyKiB: number;
    /** Workflow code alone: replaying a complaint's whole history in this process (ms per complaint). */
    replayMsPerComplaint: number;
  };
}

/**
 * CPU of the workflow code alone, without server or activities: replays recorded histories of this
 * batch (the same workflow code as the worker runs, every activation of the complaint's life) and
 * returns ms per complaint. One history first, to pay the replay worker's start-up outside the count.
 */
async function replayCost(
  stack: BenchStack,
  variant: Variant,
  bundle: WorkflowBundleWithSourceMap,
  workflowIds: string[],
): Promise<number> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await stack.temporal.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  // BENCH_SAVE_HISTORIES=1 keeps them (bench/results/histories-<variant>.json) for bench/profile-replay.ts.
  if (process.env.BENCH_SAVE_HISTORIES)
    writeFileSync(
      path.resolve(__dirname, 'results', `histories-${variant}.json`),
      JSON.stringify(
        histories.map((h) => ({
          workflowId: h.workflowId,
          history: Buffer.from(temporal.api.history.v1.History.encode(h.history).finish()).toString('base64'),
        })),
      ),
    );
  const replay = async (hs: typeof histories): Promise<number> => {
    const t0 = performance.now();
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, hs))
      if (r.error) throw r.error;
    return performance.now() - t0;
  };
  await replay(histories.slice(0, 1)); // warm-up
  const one = await replay(histories.slice(0, 1));
  const all = await replay(histories);
  return (all - one) / Math.max(1, histories.length - 1);
}

let metricsUrl = '';

async function runBatch(
  stack: BenchStack,
  variant: Variant,
  bundle: WorkflowBundleWithSourceMap,
  n: number,
  label: string,
): Promise<BatchResult> {
  const taskQueue = `bench-${variant}`;
  const worker = await startBenchWorker(stack, { taskQueue, workflowBundle: bundle });
  const intake = new IntakeService(stack.dataSource, stack.temporal, {
    ...stack.config,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const ids: string[] = [];
  const driver = new FlowDriver(stack.dataSource, stack.temporal, () => ids);
  const intakeMs: number[] = [];
  const concurrency = Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? 25);
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 500);
  const before: Sample[] = metricsUrl ? await scrape(metricsUrl) : [];
  let after: Sample[] = [];
  driver.start();
  const t0 = Date.now();
  try {
    await pool(n, concurrency, async (i) => {
      const s = performance.now();
      const { complaint } = await intake.submit(benchComplaint(i, `${label}-${variant}`));
      intakeMs.push(performance.now() - s);
      ids.push(complaint.id);
    });
    const timeoutMs = Number(process.env.BENCH_FLOW_TIMEOUT_S ?? 1800) * 1000;
    let lastLog = Date.now();
    await until(
      `${n} ${variant} complaints to close`,
      async () => {
        const [counted] = await stack.dataSource.query<{ closed: number }[]>(
          `SELECT count(*)::int AS closed FROM "complaint" WHERE "status" = 'closed' AND "id" = ANY($1::uuid[])`,
          [ids],
        );
        const closed = counted?.closed ?? 0;
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          log(`${variant} ${label}: ${closed}/${n} closed after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        }
        return closed === n;
      },
      timeoutMs,
      200,
    );
  } finally {
    await driver.stop();
    clearInterval(sampler);
    // The SDK's metrics exporter runs only while a worker does: read it before stopping this one.
    after = metricsUrl ? await scrape(metricsUrl).catch(() => []) : [];
    await worker.stop();
  }
  const seconds = (Date.now() - t0) / 1000;
  const where = { task_queue: taskQueue };
  const wft = histogramMean(before, after, 'temporal_workflow_task_execution_latency', where);
  const wfs = histogramMean(before, after, 'temporal_workflow_task_schedule_to_start_latency', where);
  const act = histogramMean(before, after, 'temporal_activity_execution_latency', where);
  const acs = histogramMean(before, after, 'temporal_activity_schedule_to_start_latency', where);
  // History of a few complaints: events and bytes each run writes to the server's database.
  const sample = await Promise.all(
    ids.slice(0, 10).map((id) => stack.temporal.workflow.getHandle(`complaint-${id}`).describe()),
  );
  const replayMs = await replayCost(
    stack,
    variant,
    bundle,
    ids.slice(0, 20).map((id) => `complaint-${id}`),
  ).catch((err: Error) => (log(`replay failed: ${err.message}`), NaN));
  const steps = await stack.dataSource.query<{ ms: number }[]>(
    `SELECT extract(epoch FROM (l."occurredAt" - e."occurredAt")) * 1000 AS ms
       FROM "timeline_entry" e
       JOIN "timeline_entry" l ON l."complaintId" = e."complaintId" AND l."elementId" = e."elementId" AND l."kind" = 'elementLeft'
      WHERE e."kind" = 'elementEntered' AND e."data"->>'kind' = 'serviceTask' AND e."complaintId" = ANY($1::uuid[])`,
    [ids],
  );
  const complaints = await stack.dataSource.query<{ ms: number; steps: number }[]>(
    `SELECT extract(epoch FROM (max("occurredAt") - min("occurredAt"))) * 1000 AS ms,
            count(*) FILTER (WHERE "kind" = 'elementEntered')::int AS steps
       FROM "timeline_entry" WHERE "complaintId" = ANY($1::uuid[]) GROUP BY "complaintId"`,
    [ids],
  );
  return {
    variant,
    complaints: n,
    seconds,
    complaintsPerSecond: n / seconds,
    serviceStepMs: steps.map((r) => Number(r.ms)),
    updateMs: driver.stats.updateMs,
    complaintMs: complaints.map((r) => Number(r.ms)),
    intakeMs,
    stepsPerComplaint: complaints.reduce((a, r) => a + r.steps, 0) / (complaints.length || 1),
    workerRssMiB: Math.round(rss / 1024 ** 2),
    profile: {
      workflowTasks: wft.count,
      workflowTaskExecMs: wft.meanMs,
      workflowTaskScheduleToStartMs: wfs.meanMs,
      activities: act.count,
      activityExecMs: act.meanMs,
      activityScheduleToStartMs: acs.meanMs,
      historyEvents: sample.reduce((a, d) => a + d.historyLength, 0) / (sample.length || 1),
      historyKiB: sample.reduce((a, d) => a + (d.historySize ?? 0), 0) / (sample.length || 1) / 1024,
      replayMsPerComplaint: replayMs,
    },
  };
}

function profileRow(r: BatchResult): Record<string, string | number> {
  const p = r.profile;
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    variant: r.variant,
    'WFTs/complaint': round(p.workflowTasks / r.complaints),
    'WFT exec ms': round(p.workflowTaskExecMs),
    'WFT sched→start ms': round(p.workflowTaskScheduleToStartMs),
    'activities/complaint': round(p.activities / r.complaints),
    'activity exec ms': round(p.activityExecMs),
    'activity sched→start ms': round(p.activityScheduleToStartMs),
    'history events': round(p.historyEvents),
    'history KiB': round(p.historyKiB),
    'workflow CPU ms/complaint (replay)': round(p.replayMsPerComplaint),
  };
}

function row(r: BatchResult): Record<string, string | number> {
  const step = summarise(r.serviceStepMs);
  const upd = summarise(r.updateMs);
  const whole = summarise(r.complaintMs);
  return {
    variant: r.variant,
    complaints: r.complaints,
    'wall s': Math.round(r.seconds * 10) / 10,
    'complaints/s': Math.round(r.complaintsPerSecond * 100) / 100,
    'elements/complaint': Math.round(r.stepsPerComplaint * 10) / 10,
    'service step p50 ms': Math.round(step.p50),
    'service step p95 ms': Math.round(step.p95),
    'Update p50 ms': Math.round(upd.p50),
    'Update p95 ms': Math.round(upd.p95),
    'complaint p50 s': Math.round(whole.p50 / 100) / 10,
    'complaint p95 s': Math.round(whole.p95 / 100) / 10,
    'process RSS MiB': r.workerRssMiB,
  };
}

/** Runs the benchmark (also the entry of `npm run bench flow-throughput`). */
export async function run(): Promise<unknown> {
  const n = Number(process.env.BENCH_COMPLAINTS ?? 500);
  const warmup = Number(process.env.BENCH_WARMUP ?? Math.min(20, n));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  log(
    `machine ${JSON.stringify(machine())}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  installQuietRuntime(metricsAddress);
  metricsUrl = `http://${metricsAddress}/metrics`;
  const stack = await startBenchStack('flow');
  try {
    const t0 = Date.now();
    const bundles: Record<Variant, WorkflowBundleWithSourceMap> = {
      redress: await bundleWorkflows(),
      baseline: await bundleWorkflowCode({
        workflowsPath: require.resolve('./baseline/baseline.workflow'),
        logger: new DefaultLogger('WARN'),
      }),
    };
    log(`workflow bundles built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const results: BatchResult[] = [];
    for (const variant of ['redress', 'baseline'] as const) {
      if (warmup) await runBatch(stack, variant, bundles[variant], warmup, 'warmup');
    }
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order between rounds so neither side always runs on a fresher server.
      const order: Variant[] = round % 2 ? ['redress', 'baseline'] : ['baseline', 'redress'];
      for (const variant of order) {
        log(`round ${round}: ${n} complaints through ${variant}…`);
        results.push(await runBatch(stack, variant, bundles[variant], n, `r${round}`));
      }
    }
    const rows = results.map(row);
    printTable(
      `Flow throughput, ${n} complaints per batch, real Temporal dev server + PostgreSQL (${machine().cpus} cores, ${machine().cpuModel})`,
      rows,
    );
    printTable(
      'Where the time goes (SDK metrics for each task queue; means; WFT = workflow task, i.e. the workflow code)',
      results.map(profileRow),
    );
    const rate = (v: Variant): number => {
      const mine = results.filter((r) => r.variant === v);
      return mine.reduce((a, r) => a + r.complaints, 0) / mine.reduce((a, r) => a + r.seconds, 0);
    };
    const ratio = rate('redress') / rate('baseline');
    const stepRatio =
      summarise(results.filter((r) => r.variant === 'baseline').flatMap((r) => r.serviceStepMs)).p50 /
      summarise(results.filter((r) => r.variant === 'redress').flatMap((r) => r.serviceStepMs)).p50;
    printTable('Redress / baseline', [
      {
        'throughput ratio (complaints/s)': Math.round(ratio * 1000) / 1000,
        'service step ratio (baseline p50 / redress p50)': Math.round(stepRatio * 1000) / 1000,
        target: '≥ 0.8',
        verdict: ratio >= 0.8 ? 'met' : 'NOT met',
      },
    ]);
    const file = writeResult('flow-throughput', {
      complaints: n,
      warmup,
      rounds,
      submitConcurrency: Number(process.env.BENCH_SUBMIT_CONCURRENCY ?? 25),
      ratio,
      stepRatio,
      rows,
      profile: results.map(profileRow),
      raw: results.map((r) => ({
        variant: r.variant,
        seconds: r.seconds,
        serviceStep: summarise(r.serviceStepMs),
        update: summarise(r.updateMs),
        complaint: summarise(r.complaintMs),
        intake: summarise(r.intakeMs),
      })),
    });
    log(`results written to ${file}`);
    return { ratio, rows };
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
