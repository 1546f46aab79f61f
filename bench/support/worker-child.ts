// The complaint worker (worker/create-worker.ts, as `npm run worker` builds it) in its own process for
// the open-complaints benchmark: BENCH_MAX_CACHED_WORKFLOWS sets the sticky cache size,
// BENCH_METRICS_ADDRESS exposes the SDK's Prometheus metrics (sticky cache hits and misses), and it
// prints its status (cached workflows, V8 heap used) as a `status {…}` line every second.
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../core/config/config';
import { createDataSource } from '../../core/db/data-source';
import { createComplaintWorker } from '../../worker/create-worker';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const metrics = process.env.BENCH_METRICS_ADDRESS;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    ...(metrics ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metrics } } } } : {}),
  });
  const dataSource = createDataSource(config.DATABASE_URL!, {
    poolSize: 10,
    applicationName: 'redress-bench-worker',
  });
  await dataSource.initialize();
  const cache = process.env.BENCH_MAX_CACHED_WORKFLOWS;
  const { worker, close } = await createComplaintWorker({
    config,
    temporalAddress: config.TEMPORAL_ADDRESS!,
    smtpUrl: config.SMTP_URL!,
    dataSource,
    workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
    tuning: cache ? { maxCachedWorkflows: Number(cache) } : {},
  });
  const report = setInterval(() => {
    const s = worker.getStatus();
    const heapUsedMiB = Math.round(process.memoryUsage().heapUsed / 1024 ** 2);
    process.stdout.write(
      `status ${JSON.stringify({ numCachedWorkflows: s.numCachedWorkflows, heapUsedMiB })}\n`,
    );
  }, 1000);
  const running = worker.run();
  process.stdout.write(`ready (maxCachedWorkflows ${worker.options.maxCachedWorkflows})\n`);
  await running;
  clearInterval(report);
  await close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  console.error('[bench-worker] failed:', err);
  process.exit(1);
});
