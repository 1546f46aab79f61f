import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROLES } from '../../core/db/entities';
import type { SchemathesisCli } from './schemathesis-cli';
import { loginAs } from './staff-client';
import type { TestSystem } from './test-system';

/** What every fuzzed response is held to. */
export const FUZZ_CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance'];

/**
 * Operations that end the session they are called with (logout; an admin resetting their own
 * password, which the fuzzer may well try): each gets a run of its own with a fresh session, after the
 * main run, so the rest is fuzzed signed in. The task stream never ends by design (it is a long poll).
 */
const ALONE = ['/api/auth/logout', '/api/admin/users/{id}/reset-password'];
const NOT_FUZZED = ['/api/tasks/stream'];

export interface FuzzOptions {
  /** Test cases per operation and phase (`--max-examples`). */
  maxExamples: number;
  /** Time budget of the main run in seconds (`--max-time`); unset: until the examples are spent. */
  maxTimeSeconds?: number;
  /** `examples,coverage,fuzzing` (and `stateful`, which follows links between operations). */
  phases: string[];
  /** Same seed, same cases (an integer, as text or number). */
  seed?: number | string;
  workers?: number;
  /**
   * Whether the coverage phase also sends every undocumented method to every path (default true; it
   * is about an eighth of that phase's requests, all answered by the API's 404).
   */
  unexpectedMethods?: boolean;
  /** schemathesis writes its reports, crash cache and example database here. */
  workDir: string;
  /** Live output of schemathesis (e.g. process.stdout.write). */
  onOutput?: (chunk: string) => void;
}

export interface OperationFigures {
  operation: string;
  cases: number;
  failingCases: number;
  /** Codes of the failures found (ST101 server error, ST102 schema, ST103 status code…). */
  codes: string[];
}

export interface FuzzRun {
  label: string;
  command: string;
  exitCode: number;
  seconds: number;
  output: string;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number };
  testCases: { generated: number; withFailures: number; uniqueFailures: number; errored: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: unknown[];
  perOperation: OperationFigures[];
  /** As text: schemathesis's own seeds are 128-bit integers. Pass it back as FUZZ_SEED to repeat the run. */
  seed?: string;
}

export interface FuzzReport {
  schemathesis: string;
  checks: string[];
  phases: string[];
  maxExamples: number;
  maxTimeSeconds?: number;
  excluded: string[];
  runs: FuzzRun[];
  /** Summed over the runs. */
  totals: {
    operations: number;
    generated: number;
    failingCases: number;
    uniqueFailures: number;
    errors: number;
  };
  /** Whether the fuzzing session was still signed in at the end (a lost session fuzzes less). */
  sessionSurvived: boolean;
  ok: boolean;
}

interface JsonReport {
  exit_code: number;
  operations: FuzzRun['operations'];
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: FuzzRun['failures'];
  errors: unknown[];
}

interface ScenarioFinished {
  recorder?: {
    label: string;
    cases?: Record<string, unknown>;
    checks?: Record<string, { status: string; failure_info?: { failure?: { code?: string } } }[]>;
  };
}

/** Per-operation figures from schemathesis's NDJSON event stream. */
function perOperation(ndjsonFile: string): OperationFigures[] {
  const figures = new Map<string, { cases: number; failingCases: number; codes: Set<string> }>();
  for (const line of readFileSync(ndjsonFile, 'utf8').split('\n')) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const recorder = (JSON.parse(line) as { ScenarioFinished: ScenarioFinished }).ScenarioFinished.recorder;
    if (!recorder) continue;
    const f = figures.get(recorder.label) ?? { cases: 0, failingCases: 0, codes: new Set<string>() };
    f.cases += Object.keys(recorder.cases ?? {}).length;
    for (const checks of Object.values(recorder.checks ?? {})) {
      const failed = checks.filter((c) => c.status === 'failure');
      if (failed.length) f.failingCases += 1;
      for (const c of failed) f.codes.add(c.failure_info?.failure?.code ?? c.status);
    }
    figures.set(recorder.label, f);
  }
  return [...figures]
    .map(([operation, f]) => ({
      operation,
      cases: f.cases,
      failingCases: f.failingCases,
      codes: [...f.codes],
    }))
    .sort((a, b) => a.operation.localeCompare(b.operation));
}

/** Runs `schemathesis run` once (asynchronously: the app under test may live in this very process). */
async function runOnce(
  label: string,
  cli: SchemathesisCli,
  schemaUrl: string,
  headers: Record<string, string>,
  args: string[],
  opts: FuzzOptions,
): Promise<FuzzRun> {
  const reportDir = path.join(opts.workDir, 'reports', label);
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const config = path.join(opts.workDir, 'schemathesis.toml');
  writeFileSync(
    config,
    opts.unexpectedMethods === false ? '[phases.coverage]\nunexpected-methods = []\n' : '# defaults\n',
  );
  const fullArgs = [
    ...cli.args,
    '--config-file',
    config,
    'run',
    schemaUrl,
    '--checks',
    FUZZ_CHECKS.join(','),
    '--max-examples',
    String(opts.maxExamples),
    '--request-timeout',
    '30',
    '--report',
    'json,ndjson',
    '--report-dir',
    reportDir,
    '--no-color',
    ...(opts.seed !== undefined ? ['--seed', String(opts.seed)] : []),
    ...(opts.workers ? ['--workers', String(opts.workers)] : []),
    ...Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    ...args,
  ];
  const started = Date.now();
  let output = '';
  const child = spawn(cli.python, fullArgs, {
    cwd: opts.workDir,
    env: { ...process.env, ...cli.env, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    opts.onOutput?.(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  const seconds = (Date.now() - started) / 1000;
  // Headers carry the session: never print them.
  const command = [cli.python, ...fullArgs]
    .map((a, i, all) => (all[i - 1] === '--header' ? `${a.split(':')[0]}: <…>` : a))
    .map((a) => (/[\s;]/.test(a) ? `'${a}'` : a))
    .join(' ');
  const files = readdirSync(reportDir);
  const jsonFile = files.find((f) => f.endsWith('.json'));
  const ndjsonFile = files.find((f) => f.endsWith('.ndjson'));
  if (!jsonFile) throw new Error(`schemathesis wrote no report (exit ${exitCode}):\n${output}`);
  const raw = readFileSync(path.join(reportDir, jsonFile), 'utf8');
  const report = JSON.parse(raw) as JsonReport;
  return {
    label,
    command,
    exitCode,
    seconds,
    output,
    operations: report.operations,
    testCases: {
      generated: report.test_cases.generated,
      withFailures: report.test_cases.with_failures,
      uniqueFailures: report.test_cases.unique_failures,
      errored: report.test_cases.errored,
    },
    failures: report.failures,
    errors: report.errors,
    perOperation: ndjsonFile ? perOperation(path.join(reportDir, ndjsonFile)) : [],
    seed: /"seed":\s*(\d+)/.exec(raw)?.[1],
  };
}

/**
 * Fuzzes every operation of the running system's OpenAPI description with schemathesis, signed in as
 * a member of staff with every role (so the staff endpoints are reached past their guards), holding
 * each answer to FUZZ_CHECKS: no 5xx, every status code documented, every body matching its schema.
 */
export async function fuzzApi(sys: TestSystem, cli: SchemathesisCli, opts: FuzzOptions): Promise<FuzzReport> {
  mkdirSync(opts.workDir, { recursive: true });
  const schemaUrl = `${sys.baseUrl}/api/openapi.json`;
  const signIn = async () => {
    const staff = await loginAs(sys, [...ROLES], [], 'fuzz');
    const csrf = (await staff.json<{ csrfToken: string }>('GET', '/api/auth/csrf')).body.csrfToken;
    return { staff, headers: { Cookie: staff.cookieHeader(), 'x-csrf-token': csrf } };
  };
  const main = await signIn();
  const runs = [
    await runOnce(
      'main',
      cli,
      schemaUrl,
      main.headers,
      [
        '--phases',
        opts.phases.join(','),
        ...(opts.maxTimeSeconds ? ['--max-time', String(opts.maxTimeSeconds)] : []),
        ...[...ALONE, ...NOT_FUZZED].flatMap((p) => ['--exclude-path', p]),
      ],
      opts,
    ),
  ];
  const sessionSurvived = (await main.staff.request('GET', '/api/auth/me')).status === 200;
  for (const alone of ALONE) {
    const { headers } = await signIn();
    const phases = opts.phases.filter((p) => p !== 'stateful').join(',');
    const label = alone
      .split('/')
      .filter((p) => p && !p.startsWith('{'))
      .slice(1)
      .join('-');
    runs.push(
      await runOnce(label, cli, schemaUrl, headers, ['--phases', phases, '--include-path', alone], opts),
    );
  }
  const sum = (f: (r: FuzzRun) => number): number => runs.reduce((n, r) => n + f(r), 0);
  const totals = {
    operations: sum((r) => r.operations.tested),
    generated: sum((r) => r.testCases.generated),
    failingCases: sum((r) => r.testCases.withFailures),
    uniqueFailures: sum((r) => r.testCases.uniqueFailures),
    errors: sum((r) => r.errors.length + r.testCases.errored),
  };
  return {
    schemathesis: cli.version,
    checks: FUZZ_CHECKS,
    phases: opts.phases,
    maxExamples: opts.maxExamples,
    maxTimeSeconds: opts.maxTimeSeconds,
    excluded: NOT_FUZZED,
    runs,
    totals,
    sessionSurvived,
    ok: runs.every((r) => r.exitCode === 0) && totals.uniqueFailures === 0 && totals.errors === 0,
  };
}

/** The failures part of schemathesis's output (what a failing test prints). */
export function failureText(report: FuzzReport): string {
  return report.runs
    .filter((r) => r.exitCode !== 0 || r.testCases.uniqueFailures > 0 || r.errors.length > 0)
    .map((r) => {
      const from = r.output.search(/^=+ (FAILURES|ERRORS) =+$/m);
      return `--- schemathesis run "${r.label}" (exit ${r.exitCode}, seed ${r.seed}) ---\n${from >= 0 ? r.output.slice(from) : r.output}`;
    })
    .join('\n');
}
