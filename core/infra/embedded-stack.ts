import path from 'node:path';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startSmtpCatcher } from './smtp-catcher';
import { obtainTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';
import { isPortFree } from './wait-for-port';

export interface EmbeddedStack {
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  smtpUrl: string;
  mailDir: string;
  stop(): Promise<void>;
}

/**
 * Brings up whatever the configuration does not point elsewhere: the Temporal dev server (SQLite
 * file in the data folder), embedded PostgreSQL (cluster in the data folder) and the SMTP catcher.
 * Used by `npm start` and, with throw-away folders and free ports, by the test harness.
 */
export async function startEmbeddedStack(
  config: Config,
  opts: { persistent: boolean; ui: boolean; log: (m: string) => void; cliCacheDir?: string },
): Promise<EmbeddedStack> {
  const dir = config.REDRESS_DATA_DIR;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse())
      await stop().catch((e: Error) => opts.log(`stop failed: ${e.message}`));
  };
  try {
    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      if (!(await isPortFree('127.0.0.1', config.TEMPORAL_PORT)))
        throw new Error(
          `Port ${config.TEMPORAL_PORT} is taken (is Redress already running?). Set TEMPORAL_PORT to another port.`,
        );
      const cli = await obtainTemporalCli({
        cacheDir: opts.cliCacheDir ?? path.join(dir, 'bin'),
        explicitPath: config.TEMPORAL_CLI,
        log: opts.log,
      });
      opts.log(`starting Temporal dev server on 127.0.0.1:${config.TEMPORAL_PORT}…`);
      const server = await startTemporalDevServer({
        cli,
        dbFile: path.join(dir, 'temporal', 'temporal.db'),
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        logFile: path.join(dir, 'logs', 'temporal.log'),
        ui: opts.ui,
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      if (!(await isPortFree('127.0.0.1', config.POSTGRES_PORT)))
        throw new Error(`Port ${config.POSTGRES_PORT} is taken. Set POSTGRES_PORT to another port.`);
      opts.log(`starting embedded PostgreSQL on 127.0.0.1:${config.POSTGRES_PORT}…`);
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dir, 'postgres'),
        port: config.POSTGRES_PORT,
        database: 'redress',
        persistent: opts.persistent,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let smtpUrl = config.SMTP_URL;
    const mailDir = path.join(dir, 'mail');
    if (!smtpUrl) {
      const catcher = await startSmtpCatcher({ port: config.SMTP_CATCHER_PORT, dir: mailDir });
      stops.push(catcher.stop);
      smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
    }
    return { temporalAddress, temporalUiUrl, databaseUrl, smtpUrl, mailDir, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
