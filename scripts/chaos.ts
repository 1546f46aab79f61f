import { writeFileSync } from 'node:fs';
import { machine, printTable, writeResult } from '../bench/lib';
import { FAULT_KINDS, type FaultKind } from '../test/support/chaos-cluster';
import { runChaos } from '../test/support/chaos-run';

/**
 * `npm run chaos`: fault injection on a real Redress. While CHAOS_COMPLAINTS complaints (default 200)
 * are in flight, SIGKILLs the worker, the web process, the Temporal dev server and PostgreSQL at
 * random moments, in turn (CHAOS_ROUNDS times each, default 1), restarting each; then checks that
 * every complaint closed, every customer got each message kind exactly once, no human task was lost
 * or duplicated, and the audit chain verifies. Exits 1 if a check fails.
 *
 *   npm run chaos
 *   CHAOS_COMPLAINTS=50 CHAOS_ROUNDS=2 CHAOS_SEED=42 npm run chaos
 *   CHAOS_KEEP_DATA=1 npm run chaos        # keep the servers' data and logs for a post-mortem
 *   CHAOS_FAULTS=postgres CHAOS_ROUNDS=3 npm run chaos   # only these kinds of fault
 *
 * Other knobs: CHAOS_GAP_MIN_MS/CHAOS_GAP_MAX_MS (pause before each fault, 5-20 s),
 * CHAOS_DOWN_MIN_MS/CHAOS_DOWN_MAX_MS (time dead, 1-5 s), CHAOS_SUBMIT_INTERVAL_MS (one submission
 * every 250 ms, so the first faults also hit intake; 0: all at once), CHAOS_HOLD_OPEN (the first
 * this many customers answer their survey only after the last fault, so every fault finds complaints
 * in flight; 0), CHAOS_TIMEOUT_S (1800), CHAOS_REPORT_FILE (write the report as JSON there instead of
 * bench/results).
 */
/** `CHAOS_FAULTS=postgres,worker`: only these kinds, in this order. */
function parseKinds(list: string): FaultKind[] {
  const kinds = list.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new Error(`CHAOS_FAULTS: unknown ${unknown.join(', ')} (known: ${FAULT_KINDS.join(', ')})`);
  return kinds as FaultKind[];
}

async function main(): Promise<void> {
  const complaints = Number(process.env.CHAOS_COMPLAINTS ?? 200);
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`Machine: ${JSON.stringify(machine())}`);
  const report = await runChaos({
    complaints,
    rounds: Number(process.env.CHAOS_ROUNDS ?? 1),
    kinds: process.env.CHAOS_FAULTS ? parseKinds(process.env.CHAOS_FAULTS) : undefined,
    gapMs: [Number(process.env.CHAOS_GAP_MIN_MS ?? 5_000), Number(process.env.CHAOS_GAP_MAX_MS ?? 20_000)],
    downMs: [Number(process.env.CHAOS_DOWN_MIN_MS ?? 1_000), Number(process.env.CHAOS_DOWN_MAX_MS ?? 5_000)],
    submitIntervalMs: Number(process.env.CHAOS_SUBMIT_INTERVAL_MS ?? 250),
    holdOpen: Number(process.env.CHAOS_HOLD_OPEN ?? 0),
    timeoutMs: Number(process.env.CHAOS_TIMEOUT_S ?? 1800) * 1000,
    seed,
  });
  printTable(
    `Faults injected (seed ${report.seed}; ${report.complaints} complaints, ${report.seconds.toFixed(0)} s)`,
    report.faults.map((f) => ({
      '#': f.n,
      SIGKILL: f.kind,
      pid: f.pid ?? '?',
      'at s': Math.round(f.atS * 10) / 10,
      'complaints in flight': f.inFlight,
      'down s': Math.round(f.downS * 10) / 10,
      'ready again after s': Math.round(f.restartS * 10) / 10,
    })),
  );
  printTable(
    'What the driver had to retry',
    Object.entries(report.driver).map(([k, v]) => ({ counter: k, value: v })),
  );
  printTable(
    'Checks',
    report.checks.map((c) => ({
      check: c.check,
      expected: c.expected,
      actual: c.actual,
      result: c.ok ? 'ok' : 'FAILED',
    })),
  );
  for (const c of report.checks.filter((x) => !x.ok && x.detail?.length))
    console.log(`\n${c.check}:\n  ${c.detail!.join('\n  ')}`);
  // The Jest test (test/e2e/chaos.test.ts) reads the report from there; its small runs stay out of
  // bench/results.
  let file = process.env.CHAOS_REPORT_FILE;
  if (file) writeFileSync(file, JSON.stringify(report, null, 2));
  else file = writeResult('chaos', report);
  console.log(
    `\n→ ${file}${process.env.CHAOS_KEEP_DATA ? `\n  servers' data and logs: ${report.dataDir}` : ''}`,
  );
  process.exitCode = report.ok ? 0 : 1;
}

// Ctrl-C or a test's time limit: exit, so that the servers and processes started are killed too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  console.error('[chaos] failed:', err);
  process.exit(1);
});
