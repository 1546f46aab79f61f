import type { DataSource, EntityManager } from 'typeorm';

/** Whether a customer's personal data may be pseudonymised now, and why (not). */
export interface RetentionStatus {
  customerId: string;
  eligible: boolean;
  /** A sentence for the person asking: why it is allowed, or why it is refused. */
  reason: string;
  complaints: number;
  openComplaints: number;
  /** When the last complaint closed (or, with none, when the customer was recorded). */
  lastActivityAt: string | null;
  retentionEndsAt: string | null;
  pseudonymisedAt: string | null;
}

/** `years` calendar years after `from` (29 February moves to 1 March, like every calendar does). */
export function addYears(from: Date, years: number): Date {
  const d = new Date(from.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * The retention rule: personal data is kept while any complaint of the customer is open, and for
 * RETENTION_YEARS after the last one closed (with no complaint at all, after the customer record was
 * created). Returns null for an unknown customer.
 */
export async function retentionStatus(
  db: DataSource | EntityManager,
  customerId: string,
  years: number,
  now: Date = new Date(),
): Promise<RetentionStatus | null> {
  const [row] = await db.query<
    { createdAt: Date; pseudonymisedAt: Date | null; total: number; open: number; lastClosed: Date | null }[]
  >(
    `SELECT cu."createdAt", cu."pseudonymisedAt",
            count(c."id")::int AS total,
            count(c."id") FILTER (WHERE c."status" <> 'closed')::int AS open,
            max(coalesce(c."closedAt", c."updatedAt")) FILTER (WHERE c."status" = 'closed') AS "lastClosed"
       FROM "customer" cu LEFT JOIN "complaint" c ON c."customerId" = cu."id"
      WHERE cu."id" = $1
      GROUP BY cu."id"`,
    [customerId],
  );
  if (!row) return null;
  const base = { customerId, complaints: Number(row.total), openComplaints: Number(row.open) };
  if (row.pseudonymisedAt) {
    return {
      ...base,
      eligible: false,
      reason: `This customer's data was already pseudonymised on ${new Date(row.pseudonymisedAt).toISOString().slice(0, 10)}.`,
      lastActivityAt: null,
      retentionEndsAt: null,
      pseudonymisedAt: new Date(row.pseudonymisedAt).toISOString(),
    };
  }
  if (base.openComplaints > 0) {
    return {
      ...base,
      eligible: false,
      reason: `The customer has ${base.openComplaints} open complaint(s): personal data is kept while a complaint is handled, and for ${years} years after the last one closes.`,
      lastActivityAt: null,
      retentionEndsAt: null,
      pseudonymisedAt: null,
    };
  }
  const last = new Date(row.lastClosed ?? row.createdAt);
  const ends = addYears(last, years);
  const eligible = ends <= now;
  return {
    ...base,
    eligible,
    reason: eligible
      ? `The retention period of ${years} years after ${base.complaints ? 'the last complaint closed' : 'the customer was recorded'} (${last.toISOString().slice(0, 10)}) ended on ${ends.toISOString().slice(0, 10)}.`
      : `The retention period has not ended: personal data is kept for ${years} years after ${base.complaints ? 'the last complaint closed' : 'the customer was recorded'} (${last.toISOString().slice(0, 10)}), until ${ends.toISOString().slice(0, 10)}.`,
    lastActivityAt: last.toISOString(),
    retentionEndsAt: ends.toISOString(),
    pseudonymisedAt: null,
  };
}
