import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const manifest = path.join(root, 'dist/client/.vite/manifest.json');

/** Newest modification time under the browser sources, to skip a build that is already current. */
function newestSource(): number {
  let newest = statSync(path.join(root, 'vite.config.mts')).mtimeMs;
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules' && entry.name !== '__tests__') walk(full);
      } else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, 'modeler'));
  walk(path.join(root, 'web/client'));
  walk(path.join(root, 'core/bpmn'));
  return newest;
}

/** Builds the browser bundles unless they are newer than every source (`--force` always builds). */
export async function buildClient(force = false): Promise<boolean> {
  if (!force && existsSync(manifest) && statSync(manifest).mtimeMs > newestSource()) return false;
  // Vite runs in a plain Node child process: imported under tsx's CommonJS hooks (npm start,
  // npm run build) its native manifest plugin emits no manifest and the build fails (vitejs/vite#22485).
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--config', path.join(root, 'vite.config.mts')],
    { cwd: root },
  );
  return true;
}

if (require.main === module) {
  const t0 = Date.now();
  buildClient(process.argv.includes('--force')).then(
    (built) =>
      console.log(
        built
          ? `browser bundles built in ${((Date.now() - t0) / 1000).toFixed(1)} s`
          : 'browser bundles are up to date',
      ),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
