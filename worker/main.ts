import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../core/config/config';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { requireInfraUrls } from '../core/runtime/infra-urls';
import { createComplaintWorker } from './create-worker';

/** `npm run worker`: the Temporal worker alone, against running Temporal, PostgreSQL and SMTP. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const urls = requireInfraUrls(config);
  // SIGINT/SIGTERM start a graceful shutdown: polling stops, in-flight activities finish.
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const dataSource = createDataSource(urls.databaseUrl, { applicationName: 'redress-worker' });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const prebuilt = path.resolve(__dirname, '../workflow-bundle.js');
  const { worker, close } = await createComplaintWorker({
    config,
    temporalAddress: urls.temporalAddress,
    smtpUrl: urls.smtpUrl,
    dataSource,
    workflowBundle: existsSync(prebuilt) ? { codePath: prebuilt } : undefined,
    tuning:
      config.WORKER_MAX_CACHED_WORKFLOWS !== undefined
        ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }
        : undefined,
  });
  console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${urls.temporalAddress}`);
  await worker.run();
  await close();
  await dataSource.destroy();
  console.log('[worker] stopped');
}

main().catch((err: unknown) => {
  console.error('[worker] failed:', err);
  process.exit(1);
});
