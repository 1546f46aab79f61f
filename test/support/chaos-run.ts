import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { createDataSource } from '../../core/db/data-source';
import { runChaosChecks, type ChaosCheck } from './chaos-checks';
import { startChaosCluster, FAULT_KINDS, type Crash, type FaultKind } from './chaos-cluster';
import { ChaosDriver, type DriverStats } from './chaos-driver';
import { prng } from './prng';

/** How hard and how long to shake. */
export interface ChaosOptions {
  complaints: number;
  /** How many times each kind of fault is injected (worker, web, Temporal, PostgreSQL in turn). */
  rounds: number;
  /** Which kinds, in this order (default: all four). */
  kinds?: readonly FaultKind[];
  /** Random pause before each fault, ms. */
  gapMs: [number, number];
  /** Random time each process stays dead before its restart, ms. */
  downMs: [number, number];
  /** Give up waiting for the complaints to close after this long, ms. */
  timeoutMs: number;
  /** Seeds the random moments (printed, so a run's schedule can be repeated). */
  seed: number;
  /** Spread the submissions: one every this many ms (0: as fast as the web process takes them). */
  submitIntervalMs?: number;
  /**
   * The customers of the first this many complaints answer their survey only once every fault was
   * injected, so every fault finds complaints in flight even when the others close quickly (0: none).
   */
  holdOpen?: number;
  /** Extra environment for the web and worker processes. */
  env?: Record<string, string>;
  log?: (m: string) => void;
}

/** One fault injected. */
export interface FaultRecord {
  n: number;
  kind: FaultKind;
  /** Seconds since the first complaint was sent. */
  atS: number;
  pid: number | undefined;
  /** Complaints submitted but not yet closed at that moment. */
  inFlight: number;
  downS: number;
  /** Seconds from the restart command until the process was ready again. */
  restartS: number;
}

export interface ChaosReport {
  seed: number;
  complaints: number;
  seconds: number;
  faults: FaultRecord[];
  checks: ChaosCheck[];
  driver: DriverStats;
  ok: boolean;
  /** Web or worker processes that died without being killed (restarted as a supervisor would). */
  crashes: (Crash & { atS: number })[];
  dataDir: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Redress as processes we own, sends `complaints` complaints through it with a driver that
 * plays customers and staff, and meanwhile SIGKILLs, at random moments and in turn, the worker, the
 * web process, the Temporal dev server and PostgreSQL, restarting each. Then checks that nothing was
 * lost or doubled (see chaos-checks.ts).
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? ((m: string) => console.log(`[chaos] ${m}`));
  const rnd = prng(opts.seed);
  const between = ([lo, hi]: [number, number]): number => lo + rnd() * (hi - lo);
  log(`seed ${opts.seed}; starting PostgreSQL, Temporal, SMTP catcher, web and worker…`);
  const cluster = await startChaosCluster(opts.env);
  const dataSource = createDataSource(cluster.databaseUrl, { poolSize: 5, applicationName: 'redress-chaos' });
  let connection: Connection | undefined;
  try {
    await dataSource.initialize();
    connection = await Connection.connect({ address: cluster.temporalAddress });
    const temporal = new Client({ connection, namespace: 'default' });
    const driver = new ChaosDriver(cluster.webUrl, dataSource, temporal, opts.complaints, log);
    driver.holdSurveys(opts.holdOpen ?? 0);

    const t0 = Date.now();
    const closedCount = async (): Promise<number | undefined> => {
      const ids = driver.submittedIds();
      if (!ids.length) return 0;
      try {
        const [row] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM "complaint" WHERE "status" = 'closed' AND "id" = ANY($1::uuid[])`,
          [ids],
        );
        return row?.n ?? 0;
      } catch {
        return undefined; // PostgreSQL is down
      }
    };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await driver.poll();
        await sleep(400);
      }
    })();
    const submitting = driver.submitAll(4, opts.submitIntervalMs ?? 0);

    const faults: FaultRecord[] = [];
    const injecting = (async () => {
      for (let round = 0; round < opts.rounds; round++) {
        for (const kind of opts.kinds ?? FAULT_KINDS) {
          await sleep(between(opts.gapMs));
          // Strike while something is in flight: wait (a little) for a complaint to be on its way.
          let inFlight = 0;
          for (let waited = 0; ; waited += 200) {
            inFlight = driver.startedCount() - ((await closedCount()) ?? 0);
            if (inFlight > 0 || driver.startedCount() === opts.complaints || waited > 30_000) break;
            await sleep(200);
          }
          if (inFlight <= 0) {
            log(`skipping the ${kind} fault: no complaint in flight any more`);
            continue;
          }
          const atS = (Date.now() - t0) / 1000;
          const pid = await cluster.kill(kind);
          const downMs = between(opts.downMs);
          log(
            `#${faults.length + 1} SIGKILL ${kind} (pid ${pid}) at ${atS.toFixed(1)} s, ${inFlight} in flight; down ${(downMs / 1000).toFixed(1)} s`,
          );
          await sleep(downMs);
          const r0 = Date.now();
          await cluster.restart(kind);
          const restartS = (Date.now() - r0) / 1000;
          log(`   ${kind} back after ${restartS.toFixed(1)} s`);
          faults.push({ n: faults.length + 1, kind, atS, pid, inFlight, downS: downMs / 1000, restartS });
        }
      }
    })();

    await submitting;
    await injecting;
    driver.releaseSurveys();
    log(
      `all ${opts.complaints} complaints submitted and ${faults.length} faults injected; waiting for them to close…`,
    );
    const deadline = t0 + opts.timeoutMs;
    let lastLog = 0;
    for (;;) {
      const closed = await closedCount();
      if (closed === opts.complaints) break;
      if (Date.now() > deadline) {
        log(`gave up waiting: ${closed ?? '?'} of ${opts.complaints} closed`);
        break;
      }
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`${closed ?? '?'} of ${opts.complaints} closed after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
      await sleep(1000);
    }
    const seconds = (Date.now() - t0) / 1000;
    driver.stop();
    polling = false;
    await poller;
    // Let the last messages settle (the closure email is sent before the workflow's final step).
    await sleep(1500);
    const checks = await runChaosChecks({
      complaints: driver.complaints,
      dataSource,
      temporal,
      mailDir: cluster.mailDir,
      smsDir: cluster.smsDir,
      workerKilledAt: faults.filter((f) => f.kind === 'worker').map((f) => t0 + f.atS * 1000),
    });
    checks.push({
      check: 'no web or worker process crashed on its own',
      expected: '0 crashes (only the SIGKILLs above)',
      actual: `${cluster.crashes.length} crashes`,
      ok: cluster.crashes.length === 0,
      detail: cluster.crashes.map(
        (c) => `${c.kind} at ${((c.at - t0) / 1000).toFixed(1)} s (${c.why}): ${c.error}`,
      ),
    });
    return {
      seed: opts.seed,
      complaints: opts.complaints,
      seconds,
      faults,
      checks,
      driver: driver.stats,
      ok: checks.every((c) => c.ok),
      crashes: cluster.crashes.map((c) => ({ ...c, atS: (c.at - t0) / 1000 })),
      dataDir: cluster.dir,
    };
  } finally {
    await connection?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await cluster.stop();
  }
}
