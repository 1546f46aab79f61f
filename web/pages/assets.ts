import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where `vite build` writes the browser bundles (see vite.config.mts). */
// From the sources (tsx, Jest) that is <repo>/dist/client; from compiled code (dist/web/pages) it is
// dist/client itself.
export const CLIENT_DIST =
  [path.resolve(__dirname, '../../dist/client'), path.resolve(__dirname, '../../client')].find((dir) =>
    existsSync(path.join(dir, '.vite', 'manifest.json')),
  ) ?? path.resolve(__dirname, '../../dist/client');

interface ManifestEntry {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  name?: string;
}

/** The entry's own styles and those of the chunks it imports (shared code such as form-js keeps its CSS there). */
function stylesOf(
  all: Record<string, ManifestEntry>,
  entry: ManifestEntry,
  seen = new Set<ManifestEntry>(),
): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const imported = (entry.imports ?? []).flatMap((key) => (all[key] ? stylesOf(all, all[key], seen) : []));
  return [...new Set([...imported, ...(entry.css ?? [])])];
}

let manifest: Record<string, ManifestEntry> | undefined;

/** The hashed script and style URLs of a browser entry (e.g. `modeler`), read from Vite's manifest. */
export function assetUrls(entry: string): { js: string; css: string[] } {
  if (!manifest) {
    const file = path.join(CLIENT_DIST, '.vite', 'manifest.json');
    if (!existsSync(file))
      throw new Error(
        'The browser bundles are not built: run `npm run build:client` (npm start and npm test do it).',
      );
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManifestEntry>;
  }
  const hit = Object.values(manifest).find((m) => m.isEntry && m.name === entry);
  if (!hit)
    throw new Error(`No browser entry "${entry}" in the Vite manifest; add ${entry}.entry.ts and rebuild.`);
  return { js: `/assets/${hit.file}`, css: stylesOf(manifest, hit).map((c) => `/assets/${c}`) };
}
