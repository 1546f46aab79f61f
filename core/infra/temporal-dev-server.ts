import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { waitForPort } from './wait-for-port';

export interface TemporalDevServerOptions {
  cli: string;
  /** SQLite file of the server's state; complaints survive a restart because of it. */
  dbFile: string;
  ip?: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Where the server's own output goes. */
  logFile: string;
  /** Start the Web UI (the tests do not need it). */
  ui?: boolean;
}

/** A running `temporal server start-dev`, as a child process we own. */
export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the official Temporal dev server (SQLite-backed, single process) with Redress's custom
 * search attributes registered, and resolves once its frontend answers a gRPC health check.
 */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    opts.dbFile,
    '--ip',
    ip,
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    // WAL keeps the single SQLite connection from blocking readers behind writers.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--log-level',
    'warn',
    ...SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
    ...(opts.ui === false ? ['--headless'] : ['--ui-port', String(opts.uiPort), '--ui-ip', ip]),
  ];
  const log = openSync(opts.logFile, 'a');
  const child = spawn(opts.cli, args, { stdio: ['ignore', log, log] });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

  const address = `${ip}:${opts.port}`;
  try {
    await waitForPort(ip, opts.port, 60_000);
    await waitForHealthy(address, 60_000, () => exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(
      `Temporal dev server did not start (${exited ?? (err as Error).message}); see ${opts.logFile}`,
    );
  }
  return {
    address,
    uiUrl: opts.ui === false ? undefined : `http://${ip}:${opts.uiPort}`,
    process: child,
    stop: () => stopChild(child, 15_000),
  };
}

async function waitForHealthy(
  address: string,
  timeoutMs: number,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = exited();
    if (why) throw new Error(why);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
