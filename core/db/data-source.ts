import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/**
 * The app's TypeORM DataSource on PostgreSQL. Schema changes go through migrations only:
 * `synchronize` stays off everywhere (tests included — they run the same migrations).
 */
export function createDataSource(
  url: string,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL ≥ 13; no uuid-ossp extension needed.
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'redress',
  });
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so web, worker and the migrate job can
 * all start at once without two of them applying the same migration.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(7263)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(7263)').catch(() => undefined);
    await runner.release();
  }
}
