import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { harness } from '../support/test-system';

/**
 * Replay safety: real histories of the default process (recorded by default-process.test.ts with
 * REDRESS_RECORD_HISTORIES=1) must replay against the current workflow code without a
 * non-determinism error. A code change that would break a running complaint fails here; make it
 * with `patched()` instead.
 */
const dir = path.resolve(__dirname, '../histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replaying recorded complaint histories', () => {
  it('should have recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('should replay %s without non-determinism', async (file) => {
    const history = temporal.api.history.v1.History.fromObject(
      JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object,
    );
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: harness().workflowBundlePath } },
        history,
        file.replace('.json', ''),
      ),
    ).resolves.toBeUndefined();
  });
});
