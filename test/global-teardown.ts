import { rmSync } from 'node:fs';

/** Stops the servers the global set-up started and removes their throw-away data. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__REDRESS_STACK__?.stop();
  const dir = process.env.REDRESS_TEST_RUN_DIR;
  // REDRESS_KEEP_TEST_DATA=1 keeps the servers' data and logs for a look after a failing run.
  if (dir && !process.env.REDRESS_KEEP_TEST_DATA) rmSync(dir, { recursive: true, force: true });
}
