// Browser bundles for the pages the web app serves: every `*.entry.ts` under modeler/src and
// web/client becomes one entry (the modeler, task forms, reports…). Output: dist/client, with a
// manifest the server reads to find the hashed file names.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const entries = Object.fromEntries(
  ['modeler/src', 'web/client']
    .filter((dir) => existsSync(path.join(root, dir)))
    .flatMap((dir) =>
      readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith('.entry.ts'))
        .map((f) => [path.basename(f, '.entry.ts'), path.join(root, dir, f)]),
    ),
);

export default defineConfig({
  root,
  publicDir: false,
  // The bundles are served under /assets (web/app.ts): URLs inside them (CSS url(), preloads of lazy
  // chunks) must start there too.
  base: '/assets/',
  logLevel: 'warn',
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: entries },
  },
});
