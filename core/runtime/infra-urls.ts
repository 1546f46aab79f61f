import type { Config } from '../config/config';

/**
 * The addresses web and worker connect to. They never start servers themselves (that is `npm start`
 * or docker-compose): with no TEMPORAL_ADDRESS / DATABASE_URL / SMTP_URL they stop with a clear message.
 */
export function requireInfraUrls(config: Config): {
  temporalAddress: string;
  databaseUrl: string;
  smtpUrl: string;
} {
  const missing = (['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL'] as const).filter((k) => !config[k]);
  if (missing.length) {
    console.error(
      `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.\n` +
        'This process connects to running servers. Either run everything with `npm start` (embedded Temporal, PostgreSQL and SMTP),\n' +
        'or point these variables at your servers (see README.md, "Production").',
    );
    process.exit(78);
  }
  return {
    temporalAddress: config.TEMPORAL_ADDRESS!,
    databaseUrl: config.DATABASE_URL!,
    smtpUrl: config.SMTP_URL!,
  };
}
