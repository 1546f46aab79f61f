import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Part of `npm run build`: the files the compiled code reads beside itself at run time (views,
 * styles, message templates, the shipped BPMN model, jurisdiction profiles), which tsc does not emit.
 */
const root = path.resolve(__dirname, '..');
const FOLDERS = ['web', 'core', 'templates'];
const RUNTIME_FILES = /\.(hbs|css|bpmn|json|svg|png|ico)$/;

for (const folder of FOLDERS) {
  const from = path.join(root, folder);
  if (!existsSync(from)) continue;
  cpSync(from, path.join(root, 'dist', folder), {
    recursive: true,
    // Folders are walked; of files only runtime assets are copied, never sources or tests.
    filter: (src) => !src.includes(`${path.sep}__tests__`) && (!path.extname(src) || RUNTIME_FILES.test(src)),
  });
}
console.log(`copied the runtime files of ${FOLDERS.join(', ')} into dist/`);
