import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../core/config/config';
import { createDataSource } from '../../core/db/data-source';
import { readCaughtMail, type CaughtMail } from '../../core/infra/smtp-catcher';
import { readSunkSms, type SunkSms } from '../../core/messaging/sms-provider';
import { resolveSessionSecret } from '../../core/security/secrets';
import { startInboundMail } from '../../core/intake/inbound-smtp';
import { createApp } from '../../web/app';
import { createWebContext, type WebContext } from '../../web/context';
import { ensureDefaultProcess } from '../../web/default-process';
import { createComplaintWorker } from '../../worker/create-worker';
import { harnessFile, testDataDir, type HarnessInfo } from '../harness-env';

export interface TestSystem {
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  ctx: WebContext;
  /** Base URL of the running web app, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  /** Messages the SMTP catcher received for this address (all suites share one catcher). */
  mailTo(address: string): Promise<CaughtMail[]>;
  /** SMS the sink stored for this suite. */
  sms(): SunkSms[];
  /** Port of the complaints mailbox (SMTP) when started with `{ inboundSmtp: true }`. */
  inboundSmtpPort?: number;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

// Workers in tests log warnings and errors only; Runtime.install works once per process.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed by an earlier suite in this Jest worker
}

export function harness(): HarnessInfo {
  return JSON.parse(readFileSync(harnessFile(), 'utf8')) as HarnessInfo;
}

/** A database of its own, cloned from the migrated template: suites never see each other's rows. */
async function createSuiteDatabase(adminUrl: string): Promise<string> {
  const name = `suite_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new PgClient({ connectionString: adminUrl.replace(/\/redress$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE redress`);
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/redress$/, `/${name}`);
}

/**
 * The real system for one test suite: its own database, its own task queue and worker (the same
 * code as `npm run worker`), the real Express app on a free port, the shared Temporal dev server.
 */
export async function startTestSystem(
  env: Record<string, string> = {},
  options: { inboundSmtp?: boolean } = {},
): Promise<TestSystem> {
  const h = harness();
  const databaseUrl = await createSuiteDatabase(h.databaseUrl);
  const dataDir = path.join(testDataDir(), 'suites', randomUUID());
  mkdirSync(dataDir, { recursive: true });
  const base = loadConfig({
    NODE_ENV: 'test',
    REDRESS_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: h.temporalAddress,
    DATABASE_URL: databaseUrl,
    SMTP_URL: h.smtpUrl,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    ...env,
  });
  const dataSource = createDataSource(databaseUrl, { poolSize: 5 });
  await dataSource.initialize();
  const connection = await Connection.connect({ address: h.temporalAddress });
  const temporal = new Client({ connection, namespace: base.TEMPORAL_NAMESPACE });

  // The web app listens first so PUBLIC_URL (used in links sent to customers) is its real address.
  let server: Server | undefined;
  const config: Config = { ...base };
  const ctx = createWebContext({ config, dataSource, temporal, secret: resolveSessionSecret(config) });
  await ensureDefaultProcess(ctx.processes);
  const web = createApp(ctx);
  await new Promise<void>((resolve) => {
    server = web.app.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server!.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  config.PUBLIC_URL = baseUrl;

  // The complaints mailbox, as web/main.ts starts it, on a free port.
  const mailbox = options.inboundSmtp
    ? await startInboundMail({
        ...ctx,
        port: 0,
        host: '127.0.0.1',
        log: (m) => m.startsWith('could not') && console.warn(`[inbound-mail] ${m}`),
      })
    : undefined;

  let running: { stop(): Promise<void> } | undefined;
  const startWorker = async (): Promise<void> => {
    const { worker, close } = await createComplaintWorker({
      config,
      temporalAddress: h.temporalAddress,
      smtpUrl: h.smtpUrl,
      dataSource,
      workflowBundle: { codePath: h.workflowBundlePath },
    });
    const done = worker.run();
    running = {
      async stop() {
        worker.shutdown();
        await done;
        await close();
      },
    };
  };
  await startWorker();

  return {
    config,
    dataSource,
    temporal,
    ctx,
    baseUrl,
    mailTo: async (address) =>
      (await readCaughtMail(h.mailDir)).filter(
        (m) => m.to.includes(address.toLowerCase()) || m.to.includes(address),
      ),
    sms: () => readSunkSms(path.join(dataDir, 'sms')),
    stopWorker: async () => {
      await running?.stop();
      running = undefined;
    },
    startWorker,
    inboundSmtpPort: mailbox?.port,
    async close() {
      await mailbox?.stop();
      await running?.stop();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await web.close();
      await connection.close();
      await dataSource.destroy();
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A unique customer address per test, so tests sharing the SMTP catcher never read each other's mail. */
export const uniqueEmail = (label = 'customer'): string =>
  `${label}.${randomUUID().slice(0, 8)}@example.test`;
