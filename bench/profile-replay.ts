import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { bundleWorkflows } from '../worker/create-worker';

/**
 * Profiling aid for flow-throughput: replays the histories it saved (BENCH_SAVE_HISTORIES=1) many
 * times, so `node --cpu-prof --import tsx bench/profile-replay.ts redress` shows where the workflow
 * code spends its time. Prints ms per complaint.
 *
 *   BENCH_COMPLAINTS=60 BENCH_SAVE_HISTORIES=1 npm run bench -- flow-throughput
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-replay.ts redress 10
 */
async function main(): Promise<void> {
  const variant = process.argv[2] === 'baseline' ? 'baseline' : 'redress';
  const rounds = Number(process.argv[3] ?? 5);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const raw = JSON.parse(
    readFileSync(path.resolve(__dirname, 'results', `histories-${variant}.json`), 'utf8'),
  ) as {
    workflowId: string;
    history: string;
  }[];
  const histories = raw.map((h) => ({
    workflowId: h.workflowId,
    history: temporal.api.history.v1.History.decode(Buffer.from(h.history, 'base64')),
  }));
  const workflowBundle =
    variant === 'redress'
      ? await bundleWorkflows()
      : await bundleWorkflowCode({
          workflowsPath: require.resolve('./baseline/baseline.workflow'),
          logger: new DefaultLogger('WARN'),
        });
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for await (const r of Worker.runReplayHistories({ workflowBundle }, histories))
      if (r.error) throw r.error;
    console.log(
      `${variant}: ${((performance.now() - t0) / histories.length).toFixed(1)} ms per complaint (round ${round + 1})`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
