import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../core/infra/embedded-postgres';
import { startSmtpCatcher } from '../../core/infra/smtp-catcher';
import { obtainTemporalCli } from '../../core/infra/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../../core/infra/temporal-dev-server';
import { freePort, waitForPort } from '../../core/infra/wait-for-port';
import { killHard, startService, stopGracefully, type ServiceProcess } from './chaos-processes';

/** What the chaos run kills, in turn. */
export const FAULT_KINDS = ['worker', 'web', 'temporal', 'postgres'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Redress as four separately killable processes we own — the worker and web processes (the real
 * `worker/main.ts` and `web/main.ts`), the Temporal dev server (SQLite file, so it survives a
 * restart) and PostgreSQL (persistent cluster) — plus an SMTP catcher in this process, all in a
 * throw-away folder on fixed free ports, so a restarted server comes back at the same address.
 */
export interface ChaosCluster {
  dir: string;
  webUrl: string;
  temporalAddress: string;
  databaseUrl: string;
  mailDir: string;
  smsDir: string;
  sessionSecret: string;
  /** Pid of the process a fault of this kind kills (the postmaster for PostgreSQL). */
  pidOf(kind: FaultKind): number | undefined;
  /** SIGKILL (PostgreSQL: the postmaster and every backend at once, as a machine crash would). */
  kill(kind: FaultKind): Promise<number | undefined>;
  /** Web or worker processes that died without being killed (each was restarted, as a supervisor would). */
  crashes: Crash[];
  /** Starts it again at the same address, retrying until it is ready. */
  restart(kind: FaultKind): Promise<void>;
  stop(): Promise<void>;
}

/** A process that died on its own during the run. */
export interface Crash {
  kind: 'web' | 'worker';
  at: number;
  why: string;
  /** The error it printed last. */
  error: string;
}

const log = (m: string): void => console.log(`[chaos] ${m}`);

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command, which may contain spaces) is the parent pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function retry<T>(what: string, fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      log(`${what} failed (${(err as Error).message.split('\n')[0]}); retrying`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Starts every piece; `env` is added to the web and worker environments (e.g. PROCESS_DEFAULTS). */
export async function startChaosCluster(env: Record<string, string> = {}): Promise<ChaosCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-chaos-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter the folder
  const ports = {
    temporal: await freePort(),
    postgres: await freePort(),
    smtp: await freePort(),
    web: await freePort(),
  };
  const cli = await obtainTemporalCli({
    cacheDir: path.resolve(__dirname, '../../.data/bin'),
    explicitPath: process.env.TEMPORAL_CLI || undefined,
    log,
  });
  const pgDir = path.join(dir, 'postgres');
  const mailDir = path.join(dir, 'mail');
  const smsDir = path.join(dir, 'sms');
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const sessionSecret = 'chaos-secret-chaos-secret-chaos-secret-0123456789';

  let temporal: TemporalDevServer | undefined;
  let pg: RunningPostgres | undefined;
  const services: Partial<Record<'web' | 'worker', ServiceProcess>> = {};

  const startTemporal = async (): Promise<void> => {
    temporal = await startTemporalDevServer({
      cli,
      dbFile: path.join(dir, 'temporal', 'temporal.db'),
      port: ports.temporal,
      uiPort: ports.temporal + 1,
      namespace: 'default',
      logFile: path.join(dir, 'logs', 'temporal.log'),
      ui: false,
    });
  };
  const startPostgres = async (): Promise<void> => {
    pg = await startEmbeddedPostgres({
      dataDir: pgDir,
      port: ports.postgres,
      database: 'redress',
      persistent: true,
    });
  };
  const temporalAddress = `127.0.0.1:${ports.temporal}`;
  const databaseUrl = `postgres://redress:redress@127.0.0.1:${ports.postgres}/redress`;
  const serviceEnv = {
    NODE_ENV: 'production',
    REDRESS_DATA_DIR: dir,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    SESSION_SECRET: sessionSecret,
    WEB_PORT: String(ports.web),
    WEB_HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${ports.web}`,
    INBOUND_SMTP_PORT: '0',
    ADMIN_PASSWORD: 'chaos-admin-password',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const crashes: Crash[] = [];
  let stopping = false;
  /**
   * Like a supervisor (docker-compose `restart: unless-stopped`, `npm start`): a web or worker
   * process that exits without being killed by us is recorded as a crash and started again.
   */
  const supervise = (kind: 'web' | 'worker', p: ServiceProcess): void => {
    void p.exited().then(() => {
      if (stopping || services[kind] !== p) return;
      services[kind] = undefined;
      const why =
        p.child.exitCode !== null ? `exit code ${p.child.exitCode}` : `signal ${p.child.signalCode}`;
      const output = p.recent();
      const error =
        [/^\w*Error: .*$/m.exec(output)?.[0], /^Emitted 'error' event on .*$/m.exec(output)?.[0]]
          .filter(Boolean)
          .join(' — ') ||
        (output.trim().split('\n').at(-1) ?? '');
      log(`${kind} crashed on its own (${why}): ${error}; restarting it as a supervisor would`);
      crashes.push({ kind, at: Date.now(), why, error });
      setTimeout(() => void retry(`restarting ${kind} after its crash`, () => ensure(kind), 30), 2000);
    });
  };
  const startWeb = async (): Promise<void> => {
    const p = await startService({
      name: 'web',
      script: 'web/main.ts',
      env: serviceEnv,
      ready: /listening on/,
      logFile: path.join(dir, 'logs', 'web.log'),
    });
    services.web = p;
    supervise('web', p);
  };
  const startWorker = async (): Promise<void> => {
    const p = await startService({
      name: 'worker',
      script: 'worker/main.ts',
      env: serviceEnv,
      ready: /polling task queue/,
      logFile: path.join(dir, 'logs', 'worker.log'),
      timeoutMs: 180_000,
    });
    services.worker = p;
    supervise('worker', p);
  };
  const starts = { web: startWeb, worker: startWorker };
  const starting: Partial<Record<'web' | 'worker', Promise<void>>> = {};
  /** Starts the process unless it runs or is being started (the supervisor and the injector may both try). */
  const ensure = (kind: 'web' | 'worker'): Promise<void> => {
    if (services[kind]) return Promise.resolve();
    starting[kind] ??= starts[kind]().finally(() => (starting[kind] = undefined));
    return starting[kind];
  };
  const catcher = await startSmtpCatcher({ port: ports.smtp, dir: mailDir });

  const cluster: ChaosCluster = {
    dir,
    webUrl: `http://127.0.0.1:${ports.web}`,
    temporalAddress,
    databaseUrl,
    mailDir,
    smsDir,
    sessionSecret,
    pidOf(kind) {
      if (kind === 'temporal') return temporal?.process.pid;
      if (kind === 'postgres') {
        const file = path.join(pgDir, 'postmaster.pid');
        return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
      }
      return services[kind]?.child.pid;
    },
    async kill(kind) {
      const pid = cluster.pidOf(kind);
      if (kind === 'web' || kind === 'worker') {
        const s = services[kind];
        services[kind] = undefined; // before the kill: this exit is ours, not a crash
        if (s) await killHard(s);
        return pid;
      }
      if (!pid) return undefined;
      // The dev server is one process; PostgreSQL is the postmaster and its backends: all at once.
      const victims = kind === 'postgres' ? [pid, ...childrenOf(pid)] : [pid];
      for (const v of victims) {
        try {
          process.kill(v, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      const deadline = Date.now() + 15_000;
      while (victims.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (kind === 'temporal') temporal = undefined;
      else pg = undefined;
      return pid;
    },
    async restart(kind) {
      const start = {
        worker: () => ensure('worker'),
        web: () => ensure('web'),
        temporal: startTemporal,
        postgres: startPostgres,
      }[kind];
      await retry(`restarting ${kind}`, start);
    },
    crashes,
    async stop() {
      stopping = true;
      process.off('exit', killServersOnExit);
      for (const s of [services.web, services.worker]) if (s) await stopGracefully(s, 10_000);
      await temporal?.stop().catch(() => undefined);
      await pg?.stop().catch(() => undefined);
      await catcher.stop();
      if (!process.env.CHAOS_KEEP_DATA) rmSync(dir, { recursive: true, force: true });
      else log(`data kept in ${dir}`);
    },
  };

  // Should this process end without stop() (Ctrl-C, a test's time limit), the servers end with it;
  // the web and worker processes do anyway (chaos-processes.ts).
  const killServersOnExit = (): void => {
    const postmaster = pg ? cluster.pidOf('postgres') : undefined; // the pid file outlives a kill
    const victims = [
      ...(temporal?.process.pid ? [temporal.process.pid] : []),
      ...(postmaster ? [postmaster, ...childrenOf(postmaster)] : []),
    ];
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killServersOnExit);
  try {
    await startTemporal();
    await startPostgres();
    await waitForPort('127.0.0.1', ports.postgres, 30_000);
    // The web process migrates and deploys the default process; the worker waits for the schema.
    await ensure('web');
    await ensure('worker');
  } catch (err) {
    await cluster.stop().catch(() => undefined);
    throw err;
  }
  return cluster;
}
