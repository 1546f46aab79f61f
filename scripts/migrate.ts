import 'reflect-metadata';
import { loadConfigOrExit } from '../core/config/config';
import { createDataSource, runMigrations } from '../core/db/data-source';

/** `npm run migrate` / the compose `migrate` job: apply pending migrations to DATABASE_URL and exit. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) {
    console.error('DATABASE_URL is not set. (`npm start` migrates its embedded database by itself.)');
    process.exit(78);
  }
  const ds = createDataSource(config.DATABASE_URL, { applicationName: 'redress-migrate' });
  await ds.initialize();
  const applied = await runMigrations(ds);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await ds.destroy();
}

main().catch((err: unknown) => {
  console.error('migration failed:', err);
  process.exit(1);
});
