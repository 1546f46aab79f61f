import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../worker/create-worker';

/** Part of `npm run build`: bundle the workflow code once, so production workers start without webpack. */
async function main(): Promise<void> {
  const bundle = await bundleWorkflows();
  const out = path.resolve(__dirname, '../dist/workflow-bundle.js');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bundle.code);
  console.log(`wrote ${out} (${(bundle.code.length / 1024).toFixed(0)} KiB)`);
}

void main();
