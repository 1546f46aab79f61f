import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Direct inserts of complaints and what hangs off them, with chosen timestamps, for tests whose
 * expected figures are computed independently (reports, search, privacy). Bypasses the workflow on
 * purpose: these rows are the record the compliance code reads.
 */

export interface SeedCustomer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt?: Date;
}

export interface SeedTask {
  elementId: string;
  name: string;
  status: 'open' | 'completed' | 'cancelled';
  createdAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  completedBy?: string | null;
  assignee?: string | null;
  data?: Record<string, unknown> | null;
}

export interface SeedMessage {
  template: string;
  channel: 'email' | 'sms';
  /** Messages of the same step share it (the outbox key is `<workflow>:<step>:<channel>`). */
  step: string;
  createdAt: Date;
  body?: string;
}

export interface SeedVisit {
  elementId: string;
  kind: string;
  enteredAt: Date;
  leftAt: Date | null;
}

export interface SeedComplaint {
  id: string;
  customerId: string;
  createdAt: Date;
  channel: string;
  type: string;
  category: string | null;
  product: string | null;
  department: string | null;
  stage: string;
  status: 'open' | 'closed';
  subject: string;
  description: string;
  processVersion: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  satisfaction: number | null;
  remedyType: string | null;
  remedyAmount: number | null;
  tasks: SeedTask[];
  messages: SeedMessage[];
  visits: SeedVisit[];
  trackingCode?: string;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let codeCounter = 0;
const trackingCode = (): string => {
  codeCounter++;
  const part = (n: number) => n.toString(36).toUpperCase().padStart(4, '0').slice(-4);
  return `RD-TEST-${part(codeCounter)}-${part(Math.floor(Math.random() * 1e6))}-${part(Math.floor(Math.random() * 1e6))}`;
};

export async function insertCustomer(ds: DataSource, c: SeedCustomer): Promise<void> {
  await ds.query(
    `INSERT INTO "customer" ("id", "name", "email", "phone", "createdAt") VALUES ($1, $2, $3, $4, $5)`,
    [c.id, c.name, c.email, c.phone, c.createdAt ?? new Date('2020-01-01T00:00:00Z')],
  );
}

/** Inserts the complaint row, its tasks, its messages and its timeline visits. Returns its tracking code. */
export async function insertComplaint(ds: DataSource, c: SeedComplaint): Promise<string> {
  const [definition] = await ds.query<{ id: string; key: string }[]>(
    `SELECT "id", "key" FROM "process_definition" ORDER BY "version" DESC LIMIT 1`,
  );
  const code = c.trackingCode ?? trackingCode();
  const workflowId = `complaint-${c.id}`;
  await ds.query(
    `INSERT INTO "complaint" ("id", "trackingCode", "customerId", "channel", "type", "category", "product", "department", "subject", "description",
       "stage", "status", "processDefinitionId", "processKey", "processVersion", "workflowId", "acknowledgedAt", "resolvedAt", "closedAt",
       "reopenCount", "satisfaction", "remedyType", "remedyAmount", "createdAt", "updatedAt")
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$24)`,
    [
      c.id,
      code,
      c.customerId,
      c.channel,
      c.type,
      c.category,
      c.product,
      c.department,
      c.subject,
      c.description,
      c.stage,
      c.status,
      definition!.id,
      definition!.key,
      c.processVersion,
      workflowId,
      c.acknowledgedAt,
      c.resolvedAt,
      c.closedAt,
      c.reopenCount,
      c.satisfaction,
      c.remedyType,
      c.remedyAmount,
      c.createdAt,
    ],
  );
  for (const [i, t] of c.tasks.entries()) {
    await ds.query(
      `INSERT INTO "human_task" ("complaintId", "workflowId", "waitId", "elementId", "name", "status", "createdAt", "dueAt", "completedAt", "completedBy", "assignee", "data")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        c.id,
        workflowId,
        `wt${i}`,
        t.elementId,
        t.name,
        t.status,
        t.createdAt,
        t.dueAt,
        t.completedAt,
        t.completedBy ?? null,
        t.assignee ?? null,
        t.data ? JSON.stringify(t.data) : null,
      ],
    );
  }
  for (const m of c.messages) {
    await ds.query(
      `INSERT INTO "outbound_message" ("idempotencyKey", "complaintId", "channel", "recipient", "template", "locale", "subject", "body", "status", "attempts", "createdAt", "sentAt")
       VALUES ($1,$2,$3,$4,$5,'en',$6,$7,'sent',1,$8,$8)`,
      [
        `${workflowId}:${m.step}:${m.channel}`,
        c.id,
        m.channel,
        m.channel === 'email' ? 'someone@example.test' : '+440000000',
        m.template,
        m.channel === 'email' ? `About ${code}` : null,
        m.body ?? `Text of ${m.template}`,
        m.createdAt,
      ],
    );
  }
  let seq = 0;
  for (const [i, v] of c.visits.entries()) {
    const token = `t${i}`;
    await ds.query(
      `INSERT INTO "timeline_entry" ("complaintId", "workflowId", "seq", "kind", "elementId", "processVersion", "data", "occurredAt") VALUES ($1,$2,$3,'elementEntered',$4,$5,$6,$7)`,
      [
        c.id,
        workflowId,
        ++seq,
        v.elementId,
        c.processVersion,
        JSON.stringify({ kind: v.kind, tokenId: token }),
        v.enteredAt,
      ],
    );
    if (v.leftAt)
      await ds.query(
        `INSERT INTO "timeline_entry" ("complaintId", "workflowId", "seq", "kind", "elementId", "processVersion", "data", "occurredAt") VALUES ($1,$2,$3,'elementLeft',$4,$5,$6,$7)`,
        [
          c.id,
          workflowId,
          ++seq,
          v.elementId,
          c.processVersion,
          JSON.stringify({ kind: v.kind, tokenId: token }),
          v.leftAt,
        ],
      );
  }
  return code;
}

/** A complaint with defaults for everything not given. */
export function complaint(
  customerId: string,
  createdAt: Date,
  over: Partial<SeedComplaint> = {},
): SeedComplaint {
  return {
    id: randomUUID(),
    customerId,
    createdAt,
    channel: 'web',
    type: 'complaint',
    category: 'product',
    product: null,
    department: 'quality',
    stage: 'investigation',
    status: 'open',
    subject: 'Seeded complaint',
    description: 'A complaint inserted by the test with known timestamps.',
    processVersion: 1,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    satisfaction: null,
    remedyType: null,
    remedyAmount: null,
    tasks: [],
    messages: [],
    visits: [],
    ...over,
  };
}
