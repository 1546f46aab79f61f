import path from 'node:path';
import { printTable, writeResult } from '../bench/lib';
import globalSetup from '../test/global-setup';
import globalTeardown from '../test/global-teardown';
import { failureText, fuzzApi } from '../test/support/openapi-fuzz';
import { obtainSchemathesis, PROJECT_DATA_DIR } from '../test/support/schemathesis-cli';
import { startTestSystem } from '../test/support/test-system';

/**
 * `npm run fuzz`: property-based fuzzing of the whole HTTP API from its OpenAPI description with
 * schemathesis (the pinned version, installed from PyPI into .data/tools on first use). Starts
 * throw-away servers and the app on loopback as the integration tests do, signs in a member of staff
 * with every role, generates requests for every operation and checks that none answers 5xx, with an
 * undocumented status code or with a body that breaks its own schema. Prints a table per operation and
 * writes bench/results/fuzz-latest.json. Exits 1 if a check failed.
 *
 *   npm run fuzz
 *   FUZZ_MAX_EXAMPLES=200 FUZZ_MAX_TIME=900 npm run fuzz
 *   FUZZ_SEED=42 FUZZ_PHASES=coverage,fuzzing npm run fuzz   # reproduce a run
 *
 * Knobs: FUZZ_MAX_EXAMPLES (cases per operation and phase, default 50), FUZZ_MAX_TIME (seconds for
 * the main run, default 600), FUZZ_PHASES (default examples,coverage,fuzzing,stateful), FUZZ_SEED,
 * FUZZ_WORKERS (default 2). Failures found are cached in .data/fuzz/.schemathesis and replayed first
 * by the next run.
 */
async function main(): Promise<void> {
  const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 50);
  const maxTimeSeconds = Number(process.env.FUZZ_MAX_TIME ?? 600) || undefined;
  const phases = (process.env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful').split(',');
  const seed = process.env.FUZZ_SEED || undefined;
  const cli = await obtainSchemathesis();
  console.log(`[fuzz] schemathesis ${cli.version}; starting throw-away servers…`);
  // Jest's set-up: Temporal dev server, PostgreSQL and SMTP catcher on free ports, migrated template.
  await globalSetup();
  const sys = await startTestSystem();
  let exitCode = 1;
  try {
    console.log(`[fuzz] app at ${sys.baseUrl}; fuzzing ${sys.baseUrl}/api/openapi.json`);
    const report = await fuzzApi(sys, cli, {
      maxExamples,
      maxTimeSeconds,
      phases,
      seed,
      workers: Number(process.env.FUZZ_WORKERS ?? 2),
      workDir: path.join(PROJECT_DATA_DIR, 'fuzz'),
      onOutput: (chunk) => process.stdout.write(chunk),
    });
    const rows = report.runs.flatMap((r) =>
      r.perOperation.map((o) => ({
        operation: o.operation,
        cases: o.cases,
        failing: o.failingCases,
        codes: o.codes.join(' ') || '-',
      })),
    );
    printTable('Fuzzed operations', rows);
    printTable(
      'Totals',
      report.runs.map((r) => ({
        run: r.label,
        operations: r.operations.tested,
        generated: r.testCases.generated,
        'failing cases': r.testCases.withFailures,
        'unique failures': r.testCases.uniqueFailures,
        errors: r.errors.length + r.testCases.errored,
        seconds: r.seconds.toFixed(1),
        seed: r.seed ?? '',
      })),
    );
    if (!report.sessionSurvived)
      console.warn('[fuzz] the staff session ended during the main run: later staff operations got 401s');
    const file = writeResult('fuzz', {
      ...report,
      // The full console output stays out of the JSON; the failures part is kept.
      runs: report.runs.map(({ output: _output, ...r }) => r),
      failureText: report.ok ? undefined : failureText(report),
    });
    console.log(`[fuzz] ${report.ok ? 'no failures' : 'FAILURES (see above)'}; wrote ${file}`);
    exitCode = report.ok ? 0 : 1;
  } finally {
    await sys.close();
    await globalTeardown();
  }
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  console.error(`[fuzz] ${(err as Error).stack ?? err}`);
  process.exit(1);
});
