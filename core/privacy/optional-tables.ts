import type { DataSource, EntityManager } from 'typeorm';

/**
 * Tables other features add (customer messages, survey answers). Compliance reads them when they
 * exist, so history and exports keep working on a database migrated before them.
 */
export const OPTIONAL_TABLES = ['customer_message', 'survey_response', 'attachment'] as const;
export type OptionalTable = (typeof OPTIONAL_TABLES)[number];

/** Which of the optional tables exist in the current schema. */
export async function existingOptionalTables(db: DataSource | EntityManager): Promise<Set<OptionalTable>> {
  const rows = await db.query<{ name: OptionalTable }[]>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL`,
    [OPTIONAL_TABLES],
  );
  return new Set(rows.map((r) => r.name));
}
