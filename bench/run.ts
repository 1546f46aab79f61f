import { readdirSync } from 'node:fs';
import path from 'node:path';
import { machine } from './lib';

/**
 * `npm run bench [name…]`: runs every `bench/*.bench.ts` (or the named ones) one after another.
 * Each prints its table and writes JSON under bench/results/. Timings never fail the run.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const all = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
  const chosen = wanted.length ? all.filter((b) => wanted.includes(b)) : all;
  console.log(`Machine: ${JSON.stringify(machine())}`);
  console.log(`Benchmarks: ${chosen.join(', ')}`);
  for (const name of chosen) {
    const mod = (await import(path.join(__dirname, `${name}.bench.ts`))) as { run?: () => Promise<unknown> };
    if (!mod.run) {
      console.log(`(skipping ${name}: no run() export)`);
      continue;
    }
    try {
      await mod.run();
    } catch (err) {
      console.error(`benchmark ${name} failed:`, err);
      process.exitCode = 1;
    }
  }
}

void main();
