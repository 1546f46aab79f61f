import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one schemathesis version the API fuzzing runs with (its CLI options are those of 4.32). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** The project's data folder: tools are cached there, next to the Temporal CLI. */
export const PROJECT_DATA_DIR = path.resolve(__dirname, '../../.data');

/** How to start the schemathesis CLI: `python -m schemathesis.cli`, with PYTHONPATH when pip used --target. */
export interface SchemathesisCli {
  python: string;
  args: string[];
  env: Record<string, string>;
  version: string;
}

/** Thrown when schemathesis is neither cached nor installable; the message says what to do. */
export class SchemathesisUnavailableError extends Error {
  constructor(attempts: string[]) {
    super(
      `Could not obtain schemathesis ${SCHEMATHESIS_VERSION}.\nTried:\n${attempts.map((a) => `  - ${a}`).join('\n')}\n` +
        'Fix one of:\n' +
        '  - install Python 3.9+ with pip and venv (Debian: apt-get install -y python3-venv python3-pip)\n' +
        `  - make PyPI reachable (package schemathesis==${SCHEMATHESIS_VERSION}), or set PIP_INDEX_URL to a mirror\n` +
        `  - or install it yourself: python3 -m venv ${path.join(PROJECT_DATA_DIR, 'tools', `schemathesis-${SCHEMATHESIS_VERSION}`)} && <that folder>/bin/pip install schemathesis==${SCHEMATHESIS_VERSION}`,
    );
    this.name = 'SchemathesisUnavailableError';
  }
}

async function versionOf(cli: Omit<SchemathesisCli, 'version'>): Promise<string | undefined> {
  try {
    const { stdout } = await run(cli.python, [...cli.args, '--version'], {
      timeout: 60_000,
      env: { ...process.env, ...cli.env },
    });
    return stdout.includes(SCHEMATHESIS_VERSION) ? SCHEMATHESIS_VERSION : undefined;
  } catch {
    return undefined;
  }
}

// A venv's python finds its packages through pyvenv.cfg next to it, so the folder may be renamed
// after the install (only the console scripts' shebangs would break, and they are not used).
const venvCli = (dir: string): Omit<SchemathesisCli, 'version'> => ({
  python: path.join(dir, 'bin', 'python'),
  args: ['-m', 'schemathesis.cli'],
  env: {},
});
const targetCli = (dir: string): Omit<SchemathesisCli, 'version'> => ({
  python: 'python3',
  args: ['-m', 'schemathesis.cli'],
  env: { PYTHONPATH: path.join(dir, 'site-packages') },
});

async function installInVenv(dir: string, log: (m: string) => void): Promise<void> {
  await run('python3', ['-m', 'venv', dir], { timeout: 120_000 });
  log(`installing schemathesis==${SCHEMATHESIS_VERSION} from PyPI into a venv…`);
  await run(
    path.join(dir, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ],
    { timeout: 600_000 },
  );
}

/** Without the venv module (Debian's python3 lacks it unless python3-venv is installed). */
async function installWithTarget(dir: string, log: (m: string) => void): Promise<void> {
  log(`installing schemathesis==${SCHEMATHESIS_VERSION} from PyPI with pip --target…`);
  await run(
    'python3',
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--target',
      path.join(dir, 'site-packages'),
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ],
    { timeout: 600_000 },
  );
}

/**
 * The pinned schemathesis CLI, from `<data>/tools/schemathesis-<version>/` when it is there;
 * otherwise installs it there from PyPI first (a venv, or `pip install --target` without venv).
 * The install happens in a side folder renamed into place once complete, so an interrupted or
 * concurrent install never leaves a half-installed copy that looks ready.
 */
export async function obtainSchemathesis(
  options: { dataDir?: string; log?: (m: string) => void } = {},
): Promise<SchemathesisCli> {
  const log = options.log ?? ((m: string) => console.log(`[schemathesis] ${m}`));
  const tools = path.join(options.dataDir ?? PROJECT_DATA_DIR, 'tools');
  const dir = path.join(tools, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const attempts: string[] = [];
  for (const cli of [venvCli(dir), targetCli(dir)]) {
    if (existsSync(dir) && (await versionOf(cli))) return { ...cli, version: SCHEMATHESIS_VERSION };
  }
  attempts.push(`cached copy ${dir}: not there`);

  mkdirSync(tools, { recursive: true });
  for (const [name, install, cliIn] of [
    ['venv + pip', installInVenv, venvCli],
    ['pip --target', installWithTarget, targetCli],
  ] as const) {
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    try {
      await install(partial, log);
      if (!(await versionOf(cliIn(partial)))) {
        attempts.push(`${name}: installed, but \`python -m schemathesis.cli --version\` does not run`);
        continue;
      }
      try {
        renameSync(partial, dir);
      } catch {
        // Another process finished first: use its copy.
        if (!(await versionOf(cliIn(dir)))) throw new Error(`could not move ${partial} to ${dir}`);
      }
      log(`installed ${dir}`);
      return { ...cliIn(dir), version: SCHEMATHESIS_VERSION };
    } catch (err) {
      const e = err as Error & { stderr?: string };
      attempts.push(`${name}: ${(e.stderr?.trim().split('\n').pop() ?? e.message).split('\n')[0]}`);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  throw new SchemathesisUnavailableError(attempts);
}
