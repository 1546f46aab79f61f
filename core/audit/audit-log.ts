import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditEvent } from '../db/entities';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  complaintId?: string | null;
  data?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** Canonical JSON (sorted keys) so the hash does not depend on key order in jsonb. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What the audit log records of a free text (an internal note, a question to the customer, a survey
 * comment): its length and SHA-256, never the words. The chain is permanent and the text may hold
 * personal data; the text lives in its own row, which pseudonymisation can erase, and the digest
 * still proves what that row held before.
 */
export function textFingerprint(text: string): { length: number; sha256: string } {
  return { length: text.length, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

export function hashAuditEvent(e: Omit<AuditEvent, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(
      canonical({
        occurredAt: e.occurredAt.toISOString(),
        actor: e.actor,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        complaintId: e.complaintId ?? null,
        data: e.data,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

/**
 * Appends to the hash chain inside the caller's transaction, so the entry exists exactly when the
 * change it records does. A transaction-scoped advisory lock serialises writers on the chain's tip.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('appendAudit must run inside a transaction');
  await manager.query('SELECT pg_advisory_xact_lock(4242)');
  const [last] = await manager.query<{ hash: string }[]>(
    'SELECT "hash" FROM "audit_event" ORDER BY "id" DESC LIMIT 1',
  );
  const row = manager.create(AuditEvent, {
    occurredAt: new Date(Math.floor(Date.now())),
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    complaintId: entry.complaintId ?? null,
    data: entry.data ?? {},
    prevHash: last?.hash ?? GENESIS,
  });
  row.hash = hashAuditEvent(row);
  return manager.save(row);
}

/** Recomputes the chain; returns the first row whose hash or link does not match, if any. */
export async function verifyAuditChain(
  manager: EntityManager,
): Promise<{ ok: true; count: number } | { ok: false; count: number; brokenAt: string; reason: string }> {
  let prev = GENESIS;
  let count = 0;
  const pageSize = 5_000;
  let afterId = '0';
  for (;;) {
    const rows = await manager
      .createQueryBuilder(AuditEvent, 'a')
      .where('a.id > :afterId', { afterId })
      .orderBy('a.id', 'ASC')
      .limit(pageSize)
      .getMany();
    for (const row of rows) {
      count++;
      if (row.prevHash !== prev)
        return {
          ok: false,
          count,
          brokenAt: row.id,
          reason: 'link to the previous entry does not match (an entry was removed or reordered)',
        };
      if (hashAuditEvent(row) !== row.hash)
        return {
          ok: false,
          count,
          brokenAt: row.id,
          reason: 'content does not match its hash (the entry was altered)',
        };
      prev = row.hash;
      afterId = row.id;
    }
    if (rows.length < pageSize) return { ok: true, count };
  }
}
