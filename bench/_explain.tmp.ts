import 'reflect-metadata';
import { startEmbeddedPostgres } from '../core/infra/embedded-postgres';
import { freePort } from '../core/infra/wait-for-port';
import { Client } from 'pg';
import { readFileSync } from 'node:fs';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/tmp/rbench/pg', port: await freePort(), database: 'redress_bench', persistent: true });
  const c = new Client({ connectionString: pg.url });
  await c.connect();
  try {
    const sql = readFileSync(process.argv[2]!, 'utf8');
    for (const q of sql.split(';;')) {
      if (!q.trim()) continue;
      const t0 = Date.now();
      const r = await c.query(q);
      const rows = Array.isArray(r) ? r.flatMap((x) => x.rows) : r.rows;
      console.log(rows.map((x: Record<string, unknown>) => Object.values(x).join(' | ')).join('\n'));
      console.log(`-- ${Date.now() - t0} ms\n`);
    }
  } finally {
    await c.end();
    await pg.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
