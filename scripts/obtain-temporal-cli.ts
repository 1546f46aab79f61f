import path from 'node:path';
import { loadConfigOrExit } from '../core/config/config';
import { obtainTemporalCli, TemporalCliUnavailableError } from '../core/infra/temporal-cli';

/** `npm run temporal:cli`: make sure the pinned Temporal CLI is available and print its path. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  try {
    const cli = await obtainTemporalCli({
      cacheDir: path.join(config.REDRESS_DATA_DIR, 'bin'),
      explicitPath: config.TEMPORAL_CLI,
    });
    console.log(cli);
  } catch (err) {
    if (err instanceof TemporalCliUnavailableError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

void main();
