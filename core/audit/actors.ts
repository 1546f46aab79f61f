import type { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Readable names for audit actors: `user:<id>` and `user:<email>` become "Name <email>"; other
 * actors (`system`, `workflow`, `customer:<code>`) are left as they are (absent from the map).
 */
export async function resolveActors(dataSource: DataSource, actors: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))];
  if (!keys.length) return new Map();
  const ids = keys.filter((k) => UUID.test(k));
  const emails = keys.filter((k) => !UUID.test(k)).map((k) => k.toLowerCase());
  const rows = await dataSource.query<{ id: string; email: string; name: string }[]>(
    `SELECT "id", "email", "name" FROM "staff_user" WHERE "id" = ANY($1::uuid[]) OR "email" = ANY($2::text[])`,
    [ids, emails],
  );
  const map = new Map<string, string>();
  for (const r of rows) {
    const label = `${r.name} <${r.email}>`;
    map.set(`user:${r.id}`, label);
    map.set(`user:${r.email}`, label);
  }
  for (const k of keys)
    if (!map.has(`user:${k}`) && map.has(`user:${k.toLowerCase()}`))
      map.set(`user:${k}`, map.get(`user:${k.toLowerCase()}`)!);
  return map;
}
