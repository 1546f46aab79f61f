import path from 'node:path';

/**
 * Each `jest` run gets its own folder for the throw-away servers' data (several runs may share a
 * machine). The global set-up picks it and passes it to the test workers through the environment.
 */
export const TEST_RUNS_DIR = path.resolve(__dirname, '../.data/test-runs');
export const testDataDir = (): string => {
  const dir = process.env.REDRESS_TEST_RUN_DIR;
  if (!dir)
    throw new Error(
      'REDRESS_TEST_RUN_DIR is not set: integration tests need the global set-up (run them with jest).',
    );
  return dir;
};
export const harnessFile = (): string => path.join(testDataDir(), 'harness.json');

export interface HarnessInfo {
  temporalAddress: string;
  /** Admin URL of the test PostgreSQL (database `redress`, migrated: used as the template). */
  databaseUrl: string;
  smtpUrl: string;
  mailDir: string;
  workflowBundlePath: string;
}
