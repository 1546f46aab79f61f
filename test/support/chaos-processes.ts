import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// Children we started die with us, even when we are stopped without cleaning up.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A Redress process (web or worker) we started and may kill. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** The last 20 000 characters it printed. */
  recent(): string;
  /** Resolves once the process has exited (immediately if it already has). */
  exited(): Promise<void>;
}

/**
 * Starts `npm run web` / `npm run worker` the way production does, but as `node --import tsx <file>`
 * so the pid is the process itself (the tsx CLI would fork a grandchild that a SIGKILL misses).
 * Resolves once a line of its output matches `ready`; its output is appended to `logFile`.
 */
export async function startService(opts: {
  name: string;
  script: 'web/main.ts' | 'worker/main.ts' | string;
  env: Record<string, string>;
  ready: RegExp;
  logFile: string;
  timeoutMs?: number;
}): Promise<ServiceProcess> {
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(ROOT, opts.script)], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  let tail = '';
  let readyCleanup = (): void => undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.name} did not start in time; see ${opts.logFile}\n${tail}`));
    }, opts.timeoutMs ?? 120_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      log.write(text);
      tail = (tail + text).slice(-20_000);
      if (opts.ready.test(tail)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const early = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited (${code ?? signal}) before it was ready:\n${tail}`));
    };
    child.once('exit', early);
    readyCleanup = () => child.removeListener('exit', early);
  });
  readyCleanup();
  return {
    name: opts.name,
    child,
    recent: () => tail,
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : exit),
  };
}

/** SIGKILL, by pid, and wait until it is gone. */
export async function killHard(p: ServiceProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited();
}

/** SIGTERM (graceful: the worker drains), then SIGKILL after `graceMs`. */
export async function stopGracefully(p: ServiceProcess, graceMs = 35_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  p.child.kill('SIGTERM');
  await p.exited();
  clearTimeout(timer);
}

/** Resident memory of a process in MiB, from /proc (Linux), or NaN. */
export function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}
