import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { canonicalJson, verifyAuditChain } from '../../core/audit/audit-log';
import { readCaughtMail } from '../../core/infra/smtp-catcher';
import { readSunkSms } from '../../core/messaging/sms-provider';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { CHAOS_ANSWERS, type ChaosComplaint } from './chaos-driver';

/** One line of the final table: what was checked, what was expected, what was found. */
export interface ChaosCheck {
  check: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** Offending complaints or messages, for the report (at most a few). */
  detail?: string[];
}

/**
 * Messages the default model sends on the path the driver takes (investigation → approval →
 * resolution → satisfied survey → closure), per complaint and per channel (email and SMS).
 */
export const EXPECTED_MESSAGES: Record<string, number> = {
  acknowledgment: 1,
  'stage-changed': 2, // investigation, approval
  resolution: 1,
  'survey-invitation': 1,
  closure: 1,
};

const countBy = <T>(items: T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};
const fmt = (m: Record<string, number>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');

/** Runs every end-of-run check against the database, Temporal, the SMTP catcher and the SMS sink. */
export async function runChaosChecks(opts: {
  complaints: ChaosComplaint[];
  dataSource: DataSource;
  temporal: Client;
  mailDir: string;
  smsDir: string;
  /** When the worker was SIGKILLed (epoch ms). */
  workerKilledAt: number[];
}): Promise<ChaosCheck[]> {
  const { complaints, dataSource: ds } = opts;
  const checks: ChaosCheck[] = [];
  const ids = complaints.flatMap((c) => (c.id ? [c.id] : []));
  const n = complaints.length;

  // 1. Intake: one complaint per idempotency key, whatever the retries.
  const rows = await ds.query<
    { id: string; idempotencyKey: string; stage: string; status: string; outcome: string | null }[]
  >(
    `SELECT "id", "idempotencyKey", "stage", "status", "outcome" FROM "complaint" WHERE "idempotencyKey" = ANY($1::text[])`,
    [complaints.map((c) => c.idempotencyKey)],
  );
  const perKey = countBy(rows, (r) => r.idempotencyKey);
  checks.push({
    check: 'one complaint per submission (Idempotency-Key)',
    expected: `${n} submitted, ${n} rows`,
    actual: `${ids.length} submitted, ${rows.length} rows, ${[...perKey.values()].filter((v) => v > 1).length} keys with >1`,
    ok: ids.length === n && rows.length === n && [...perKey.values()].every((v) => v === 1),
  });
  const received = await ds.query<{ complaintId: string; n: number }[]>(
    `SELECT "complaintId", count(*)::int AS n FROM "audit_event" WHERE "action" = 'complaint.received' AND "complaintId" = ANY($1::uuid[]) GROUP BY 1`,
    [ids],
  );
  checks.push({
    check: 'complaint.received audited once per complaint',
    expected: `${n} × 1`,
    actual: `${received.length} complaints, max ${Math.max(0, ...received.map((r) => r.n))}`,
    ok: received.length === n && received.every((r) => r.n === 1),
  });

  // 2. Every complaint reached its end: closed in the database, its workflow completed in Temporal.
  const notClosed = rows.filter(
    (r) => r.status !== 'closed' || r.stage !== 'closed' || r.outcome !== 'resolved',
  );
  const notCompleted: string[] = [];
  for (const c of complaints) {
    if (!c.workflowId) continue;
    const handle = opts.temporal.workflow.getHandle(c.workflowId);
    const d = await handle.describe().catch((e: Error) => ({ status: { name: `unknown (${e.message})` } }));
    if (d.status.name !== 'COMPLETED') {
      const state = await handle.query(complaintStateQuery).catch(() => undefined);
      notCompleted.push(
        `${c.workflowId}: ${d.status.name}, stage ${state?.stage ?? '?'}, waiting on ${state?.activeElements.join(',') ?? '?'}` +
          (state?.incidents.length
            ? `, incidents: ${state.incidents.map((i) => `${i.elementId}: ${i.message}`).join('; ')}`
            : ''),
      );
    }
  }
  checks.push({
    check: 'every complaint closed (outcome resolved), workflow completed',
    expected: `${n} closed, ${n} completed`,
    actual: `${rows.length - notClosed.length} closed, ${n - notCompleted.length} completed`,
    ok: notClosed.length === 0 && notCompleted.length === 0,
    detail: [...notClosed.map((r) => `${r.id}: ${r.status}/${r.stage}/${r.outcome}`), ...notCompleted].slice(
      0,
      10,
    ),
  });

  // 3. Human tasks: exactly one investigation and one approval each, completed with the answers given.
  const tasks = await ds.query<
    { complaintId: string; elementId: string; status: string; data: Record<string, unknown> | null }[]
  >(
    `SELECT "complaintId", "elementId", "status", "data" FROM "human_task" WHERE "complaintId" = ANY($1::uuid[])`,
    [ids],
  );
  const byComplaint = new Map<string, typeof tasks>();
  for (const t of tasks) byComplaint.set(t.complaintId, [...(byComplaint.get(t.complaintId) ?? []), t]);
  const badTasks = ids.filter((id) => {
    const mine = byComplaint.get(id) ?? [];
    const kinds = mine
      .map((t) => t.elementId)
      .sort()
      .join(',');
    return (
      kinds !== 'approveRemedy,investigate' ||
      // (sorted keys: jsonb does not keep the key order it was given)
      mine.some(
        (t) =>
          t.status !== 'completed' || canonicalJson(t.data) !== canonicalJson(CHAOS_ANSWERS[t.elementId]),
      )
    );
  });
  checks.push({
    check: 'human tasks: none lost, none duplicated',
    expected: `${n} × (investigate + approveRemedy), completed with the data sent`,
    actual: `${tasks.length} tasks, ${fmt(Object.fromEntries(countBy(tasks, (t) => `${t.elementId}:${t.status}`)))}`,
    ok: badTasks.length === 0,
    detail: badTasks
      .slice(0, 5)
      .map(
        (id) => `${id}: ${(byComplaint.get(id) ?? []).map((t) => `${t.elementId}/${t.status}`).join(', ')}`,
      ),
  });

  // 4. Messages: outbox rows, emails caught and SMS sunk, per customer and kind.
  const outbox = await ds.query<
    {
      complaintId: string;
      idempotencyKey: string;
      channel: string;
      template: string;
      status: string;
      id: string;
    }[]
  >(
    `SELECT "id", "complaintId", "idempotencyKey", "channel", "template", "status" FROM "outbound_message" WHERE "complaintId" = ANY($1::uuid[])`,
    [ids],
  );
  const expectedPerChannel = Object.values(EXPECTED_MESSAGES).reduce((a, b) => a + b, 0);
  const badOutbox = ids.filter((id) =>
    ['email', 'sms'].some((channel) => {
      const mine = outbox.filter((o) => o.complaintId === id && o.channel === channel);
      const counts = countBy(mine, (o) => o.template);
      return (
        mine.some((o) => o.status !== 'sent') ||
        counts.size !== Object.keys(EXPECTED_MESSAGES).length ||
        Object.entries(EXPECTED_MESSAGES).some(([t, k]) => counts.get(t) !== k)
      );
    }),
  );
  checks.push({
    check: 'outbox: each message kind once per customer and channel, all sent',
    expected: `${n} × 2 channels × ${expectedPerChannel} (${fmt(EXPECTED_MESSAGES)})`,
    actual: `${outbox.length} rows, ${outbox.filter((o) => o.status !== 'sent').length} not sent, ${badOutbox.length} customers off`,
    ok: badOutbox.length === 0,
    detail: badOutbox.slice(0, 5),
  });

  const mail = await readCaughtMail(opts.mailDir);
  const byEmail = new Map(complaints.map((c) => [c.email.toLowerCase(), c]));
  const ours = mail.filter((m) => m.to.some((t) => byEmail.has(t.toLowerCase())));
  const distinct = new Map<string, (typeof ours)[number]>();
  for (const m of ours) distinct.set(m.messageId ?? m.file, m);
  const badMail = complaints.filter((c) => {
    const mine = [...distinct.values()].filter((m) =>
      m.to.some((t) => t.toLowerCase() === c.email.toLowerCase()),
    );
    const counts = countBy(mine, (m) => m.headers['x-redress-template'] ?? '?');
    return (
      Object.entries(EXPECTED_MESSAGES).some(([t, k]) => counts.get(t) !== k) ||
      counts.size !== Object.keys(EXPECTED_MESSAGES).length
    );
  });
  checks.push({
    check: 'emails caught: each kind once per customer (distinct Message-ID)',
    expected: `${n} × ${expectedPerChannel}`,
    actual: `${distinct.size} distinct, ${badMail.length} customers off`,
    ok: badMail.length === 0,
    detail: badMail.slice(0, 5).map((c) => c.email),
  });
  // SMTP has no idempotency: a worker killed after the relay took a message but before the outbox
  // recorded it sent retries the send, with the same Message-ID (so mail clients show it once).
  // That, and only that, explains a repeat: the worker was killed between one copy and the next.
  const receivedAt = (m: (typeof ours)[number]): number => Number(m.file.split('-')[0]); // `<ms>-<uuid>.eml`
  const copies = new Map<string, number[]>();
  for (const m of ours) {
    const id = m.messageId ?? m.file;
    copies.set(
      id,
      [...(copies.get(id) ?? []), receivedAt(m)].sort((a, b) => a - b),
    );
  }
  const killedBetween = (times: number[]): boolean =>
    times.slice(1).every((next, i) => opts.workerKilledAt.some((k) => k >= times[i]! - 2000 && k <= next));
  const repeats = [...copies].filter(([, times]) => times.length > 1);
  const unexplained = repeats.filter(([, times]) => !killedBetween(times));
  const extra = (list: typeof repeats): number => list.reduce((n, [, times]) => n + times.length - 1, 0);
  checks.push({
    check: 'emails caught: none delivered twice, but across a worker killed mid-send (same Message-ID)',
    expected: '0 other repeats',
    actual: `${extra(repeats) - extra(unexplained)} repeats across a worker kill, ${extra(unexplained)} other`,
    ok: unexplained.length === 0,
    detail: unexplained.slice(0, 5).map(([id, times]) => {
      const m = distinct.get(id)!;
      return `${id} ×${times.length}: ${m.headers['x-redress-template']} to ${m.to.join(',')}`;
    }),
  });

  const smsKeys = new Set(readSunkSms(opts.smsDir).map((s) => s.idempotencyKey));
  const smsRows = outbox.filter((o) => o.channel === 'sms');
  const missingSms = smsRows.filter((o) => !smsKeys.has(o.idempotencyKey));
  checks.push({
    check: 'SMS: every SMS outbox row reached the provider',
    expected: `${n} × ${expectedPerChannel}`,
    actual: `${smsRows.length - missingSms.length} of ${smsRows.length}`,
    ok: missingSms.length === 0 && smsRows.length === n * expectedPerChannel,
    detail: missingSms.slice(0, 5).map((o) => o.idempotencyKey),
  });

  // 5. The audit chain is intact.
  const audit = await verifyAuditChain(ds.manager);
  checks.push({
    check: 'audit chain verifies (verifyAuditChain)',
    expected: 'ok',
    actual: audit.ok ? `ok, ${audit.count} entries` : `broken at ${audit.brokenAt}: ${audit.reason}`,
    ok: audit.ok,
  });
  return checks;
}
