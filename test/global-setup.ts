import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config/config';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { startEmbeddedStack, type EmbeddedStack } from '../core/infra/embedded-stack';
import { freePort } from '../core/infra/wait-for-port';
import { bundleWorkflows } from '../worker/create-worker';
import { buildClient } from '../scripts/build-client';
import { TEST_RUNS_DIR, type HarnessInfo } from './harness-env';

declare global {
  var __REDRESS_STACK__: EmbeddedStack | undefined;
}

/**
 * Starts a throw-away Temporal dev server (the same pinned CLI as `npm start`), a throw-away
 * PostgreSQL and an SMTP catcher on free ports, migrates a template database, and bundles the
 * workflow code once. Each test suite then gets its own database cloned from the template.
 */
export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  const TEST_DATA_DIR = path.join(
    TEST_RUNS_DIR,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
  );
  rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  // Inherited by the test workers, which Jest starts after this function returns.
  process.env.REDRESS_TEST_RUN_DIR = TEST_DATA_DIR;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    REDRESS_DATA_DIR: TEST_DATA_DIR,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? '',
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
    SMTP_URL: '',
    TEMPORAL_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    SMTP_CATCHER_PORT: String(await freePort()),
    TEMPORAL_CLI: process.env.TEMPORAL_CLI ?? '',
  });
  const stack = await startEmbeddedStack(config, {
    persistent: false,
    ui: false,
    // The CLI cache lives in the project's data folder, not in the throw-away one.
    cliCacheDir: path.resolve(TEST_RUNS_DIR, '..', 'bin'),
    log: (m) => process.stdout.write(`[test-setup] ${m}\n`),
  });
  globalThis.__REDRESS_STACK__ = stack;

  const ds = createDataSource(stack.databaseUrl);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();

  // Browser bundles for the page tests (skipped when already newer than their sources).
  await buildClient();
  const bundle = await bundleWorkflows();
  const workflowBundlePath = path.join(TEST_DATA_DIR, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);

  const info: HarnessInfo = {
    temporalAddress: stack.temporalAddress,
    databaseUrl: stack.databaseUrl,
    smtpUrl: stack.smtpUrl,
    mailDir: stack.mailDir,
    workflowBundlePath,
  };
  writeFileSync(path.join(TEST_DATA_DIR, 'harness.json'), JSON.stringify(info, null, 2));
  process.stdout.write(`[test-setup] servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
