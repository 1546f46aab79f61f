import path from 'node:path';

/** Where the harness keeps the throw-away servers' data and hands their addresses to the test workers. */
export const TEST_DATA_DIR = path.resolve(__dirname, '../.data/test');
export const HARNESS_FILE = path.join(TEST_DATA_DIR, 'harness.json');

export interface HarnessInfo {
  temporalAddress: string;
  /** Admin URL of the test PostgreSQL (database `redress`, migrated: used as the template). */
  databaseUrl: string;
  smtpUrl: string;
  mailDir: string;
  workflowBundlePath: string;
}
