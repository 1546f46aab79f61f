import 'reflect-metadata';
import { verifyAuditChain } from '../core/audit/audit-log';
import { loadConfigOrExit } from '../core/config/config';
import { createDataSource } from '../core/db/data-source';

/**
 * `npm run audit:verify`: recomputes the audit log's hash chain from the first entry and exits 0
 * when every entry is intact, 1 naming the first broken entry otherwise (2 when the check could
 * not run). DATABASE_URL points at the database; without it, the embedded PostgreSQL of `npm start`.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const url = config.DATABASE_URL ?? `postgres://redress:redress@127.0.0.1:${config.POSTGRES_PORT}/redress`;
  const ds = createDataSource(url, { poolSize: 1, applicationName: 'redress-audit-verify' });
  await ds.initialize();
  try {
    const result = await verifyAuditChain(ds.manager);
    if (result.ok) {
      console.log(`audit log intact: ${result.count} entries verified`);
      return 0;
    }
    const [row] = await ds.query<
      { occurredAt: Date; actor: string; action: string; entityType: string; entityId: string }[]
    >(`SELECT "occurredAt", "actor", "action", "entityType", "entityId" FROM "audit_event" WHERE "id" = $1`, [
      result.brokenAt,
    ]);
    console.error(
      `audit log BROKEN at entry ${result.brokenAt}: ${result.reason}` +
        (row
          ? ` [${new Date(row.occurredAt).toISOString()} ${row.actor} ${row.action} ${row.entityType}:${row.entityId}]`
          : '') +
        ` (${result.count - 1} entries before it verified)`,
    );
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('audit verification could not run:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
