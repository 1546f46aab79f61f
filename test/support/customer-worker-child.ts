// A complaint worker in its own process, for the fault tests: started with the suite's environment
// (REDRESS_* and the usual variables), it prints "ready" once polling, and can be SIGKILLed.
import 'reflect-metadata';
import { loadConfig } from '../../core/config/config';
import { createDataSource } from '../../core/db/data-source';
import { createComplaintWorker } from '../../worker/create-worker';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const dataSource = createDataSource(config.DATABASE_URL!, {
    poolSize: 3,
    applicationName: 'redress-test-child-worker',
  });
  await dataSource.initialize();
  const { worker } = await createComplaintWorker({
    config,
    temporalAddress: config.TEMPORAL_ADDRESS!,
    smtpUrl: config.SMTP_URL!,
    dataSource,
    workflowBundle: { codePath: process.env.REDRESS_WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error('[child-worker] failed:', err);
  process.exit(1);
});
