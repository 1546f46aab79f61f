import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import type { ComplaintHistory, HistoryEntry } from '../../core/audit/complaint-history.service';
import { appendAudit } from '../../core/audit/audit-log';
import { OutboundMessage } from '../../core/db/entities';
import type { Actor } from '../../workflows/complaint.messages';
import { answerSurvey, completeTask, investigation, submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** Short SLA durations; the investigation's deadline stays far enough away not to fire during the test. */
const FAST = {
  approvalLimit: 100,
  sla: {
    investigation: 'PT1H',
    investigationReminderCycle: 'R1/PT1H',
    investigationDeadline: 'PT2H',
    surveyReminder: 'PT1H',
    surveyTimeout: 'PT1H',
  },
};

/** `npm run audit:verify` against this suite's database, as an operator would run it. */
async function auditVerify(databaseUrl: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/audit-verify.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('complaint history and the tamper-evident audit log (a complaint run through the default process)', () => {
  let sys: TestSystem;
  let compliance: StaffClient;
  let agent: StaffClient;
  let approver: StaffClient;
  let complaintId: string;
  let trackingCode: string;
  let history: ComplaintHistory;

  beforeAll(async () => {
    sys = await startTestSystem({ PROCESS_DEFAULTS: JSON.stringify(FAST) });
    compliance = await loginAs(sys, ['compliance']);
    agent = await loginAs(sys, ['agent'], ['quality'], 'agent');
    approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const asAgent: Actor = {
      userId: agent.userId,
      username: agent.email,
      roles: ['agent'],
      groups: ['quality'],
    };
    const asApprover: Actor = {
      userId: approver.userId,
      username: approver.email,
      roles: ['approver'],
      groups: ['approvers'],
    };

    // given a complaint that goes: investigate → approval rejected → investigate again → approved → survey answered → closed
    const { complaint, handle } = await submitComplaint(sys, {
      email: uniqueEmail(),
      phone: '+44 20 7946 0002',
    });
    complaintId = complaint.id;
    trackingCode = complaint.trackingCode;
    await completeTask(handle, 'investigate', investigation(250), asAgent);
    await completeTask(
      handle,
      'approveRemedy',
      { decision: 'reject', reason: 'Offer a repair first' },
      asApprover,
    );
    await completeTask(handle, 'investigate', investigation(180, 'repair'), asAgent);
    await completeTask(
      handle,
      'approveRemedy',
      { decision: 'approve', reason: 'Repair is within policy' },
      asApprover,
    );
    await answerSurvey(handle, 5, true);
    await handle.result();

    const res = await compliance.json<ComplaintHistory>(
      'GET',
      `/api/compliance/complaints/${complaintId}/history`,
    );
    expect(res.status).toBe(200);
    history = res.body;
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** Index of the first entry after `from` matching `test`; fails with the timeline when absent. */
  const indexOf = (
    entries: HistoryEntry[],
    test: (e: HistoryEntry) => boolean,
    from = 0,
    what = 'entry',
  ): number => {
    const i = entries.findIndex((e, k) => k >= from && test(e));
    if (i < 0)
      throw new Error(
        `No ${what} after position ${from} in:\n${entries.map((e) => `${e.at} ${e.source} ${e.kind} ${e.title}`).join('\n')}`,
      );
    return i;
  };

  it('should show every step, actor and message in order', () => {
    const t = history.timeline;
    const at = (test: (e: HistoryEntry) => boolean, from: number, what: string) =>
      indexOf(t, test, from, what);
    // then the trail reads in order: receipt, acknowledgment, triage, two investigations, the rejection
    // with its reason, the approval, the resolution, the survey answer and the closure
    const received = at((e) => e.source === 'audit' && e.kind === 'complaint.received', 0, 'receipt');
    const ackEntered = at(
      (e) => e.kind === 'elementEntered' && e.elementId === 'notifyAcknowledgment',
      received,
      'acknowledgment task',
    );
    const ackMail = at(
      (e) => e.source === 'message' && /acknowledgment/.test(e.title) && /^Email/.test(e.title),
      ackEntered,
      'acknowledgment email',
    );
    const triage = at((e) => e.kind === 'elementEntered' && e.elementId === 'classify', ackMail, 'triage');
    const opened = at(
      (e) => e.kind === 'taskOpened' && e.elementId === 'investigate',
      triage,
      'investigation opened',
    );
    const investigated = at(
      (e) => e.kind === 'task.completed' && e.elementId === 'investigate' && e.actor === agent.email,
      opened,
      'investigation by the agent',
    );
    const rejected = at(
      (e) => e.kind === 'task.rejected' && e.actor === approver.email,
      investigated,
      'rejection',
    );
    expect(t[rejected]!.title).toContain('Offer a repair first');
    const again = at(
      (e) => e.kind === 'task.completed' && e.elementId === 'investigate',
      rejected + 1,
      'second investigation',
    );
    const approved = at((e) => e.kind === 'task.approved' && e.actor === approver.email, again, 'approval');
    const resolution = at(
      (e) => e.source === 'message' && /“resolution”/.test(e.title),
      approved,
      'resolution message',
    );
    const survey = at(
      (e) => e.source === 'customer' && /surveyAnswered/.test(e.title),
      resolution,
      'survey answer',
    );
    expect(t[survey]!.details.variables).toEqual({
      surveyAnswer: { satisfaction: 5, solved: true, comment: 'test' },
    });
    const closure = at((e) => e.source === 'message' && /“closure”/.test(e.title), survey, 'closure message');
    at((e) => e.kind === 'completed', closure, 'process completed');
    // and stage changes are there with the process version
    expect(t.filter((e) => e.kind === 'stageChanged').map((e) => e.details.to)).toEqual(
      expect.arrayContaining([
        'acknowledged',
        'triage',
        'investigation',
        'approval',
        'resolution',
        'survey',
        'closed',
      ]),
    );
    expect(
      t
        .filter((e) => e.source === 'process')
        .every((e) => e.processVersion === history.complaint.processVersion),
    ).toBe(true);
    // timestamps never go backwards
    expect(t.map((e) => e.at)).toEqual([...t.map((e) => e.at)].sort());
  });

  it('should include every message sent with its rendered text, channel and delivery status', async () => {
    const sent = await sys.dataSource
      .getRepository(OutboundMessage)
      .find({ where: { complaintId }, order: { createdAt: 'ASC' } });
    expect(sent.length).toBeGreaterThanOrEqual(12);
    expect(history.messages.map((m) => [m.template, m.channel, m.status, m.body])).toEqual(
      sent.map((m) => [m.template, m.channel, 'sent', m.body]),
    );
    expect(
      history.messages.find((m) => m.template === 'acknowledgment' && m.channel === 'email')!.body,
    ).toContain(trackingCode);
    const messageEntries = history.timeline.filter((e) => e.source === 'message');
    expect(messageEntries).toHaveLength(sent.length);
    expect(
      messageEntries.every(
        (e) => typeof e.details.text === 'string' && (e.details.text as string).length > 0,
      ),
    ).toBe(true);
  });

  it('should record each task with who completed it, when, its data, its deadline and its audit entry', () => {
    const done = history.tasks.filter((t) => t.status === 'completed');
    expect(done.map((t) => [t.elementId, t.completedBy, t.decision])).toEqual([
      ['investigate', agent.email, null],
      ['approveRemedy', approver.email, 'reject'],
      ['investigate', agent.email, null],
      ['approveRemedy', approver.email, 'approve'],
    ]);
    expect(done[0]!.data).toMatchObject({ remedyType: 'refund', remedyAmount: 250 });
    expect(done[1]!.reason).toBe('Offer a repair first');
    // the investigation had a one-hour due time and was done at once: met; approvals have none
    expect(done.map((t) => t.sla)).toEqual(['met', 'none', 'met', 'none']);
    expect(history.sla).toMatchObject({ deadlines: 2, met: 2, missed: 0, overdue: 0 });
    for (const t of done) expect(t.auditId).toEqual(expect.any(String));
    const taskAudit = history.audit.filter((a) => a.action === 'task.completed');
    expect(taskAudit.map((a) => a.actor)).toEqual([
      `user:${agent.email}`,
      `user:${approver.email}`,
      `user:${agent.email}`,
      `user:${approver.email}`,
    ]);
    // the audit entry names the fields and the decision, never the values typed in
    expect(taskAudit[1]!.data).toMatchObject({
      elementId: 'approveRemedy',
      decision: 'reject',
      fields: ['decision', 'reason'],
    });
    expect(JSON.stringify(taskAudit)).not.toContain('Offer a repair first');
    expect(history.audit.every((a) => a.intact)).toBe(true);
  });

  it('should keep claims, reassignments and notes from the audit log in the timeline', async () => {
    // given other features' audit entries about this complaint (a claim of the first task, a note)
    const [first] = history.tasks;
    await sys.dataSource.transaction(async (m) => {
      await appendAudit(m, {
        actor: `user:${agent.userId}`,
        action: 'task.claimed',
        entityType: 'human_task',
        entityId: first!.id,
        complaintId,
        data: { task: first!.name },
      });
      await appendAudit(m, {
        actor: `user:${agent.userId}`,
        action: 'complaint.note_added',
        entityType: 'complaint',
        entityId: complaintId,
        complaintId,
        data: { length: 12 },
      });
    });
    // when the history is read again
    const res = await compliance.json<ComplaintHistory>(
      'GET',
      `/api/compliance/complaints/${complaintId}/history`,
    );
    // then both are there, with the member of staff's name, after everything before them
    const audit = res.body.timeline.filter((e) => e.source === 'audit');
    expect(audit.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['task.claimed', 'complaint.note_added']),
    );
    expect(audit.find((e) => e.kind === 'task.claimed')!.actor).toBe(`agent <${agent.email}>`);
    // while task completions are shown once, from the task rows, linked to their audit entries
    expect(audit.filter((e) => e.kind === 'task.completed')).toEqual([]);
  });

  it('should show the raw Temporal history in words: activities, timers, signals and updates with outcomes', () => {
    expect(history.temporal.error).toBeUndefined();
    expect(history.temporal.available).toBe(true);
    const events = history.temporal.runs.flatMap((r) => r.events);
    expect(events[0]).toMatchObject({
      id: 1,
      type: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      label: 'Workflow started',
    });
    expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
    const scheduled = events.filter((e) => e.type === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(scheduled.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^executeServiceTask: task type notify, element notifyAcknowledgment/),
      ]),
    );
    // the investigation's one-hour due time among them (a workflow sleep, measured from the workflow's clock)
    const timers = events.filter((e) => e.type === 'EVENT_TYPE_TIMER_STARTED').map((e) => e.summary);
    expect(timers).toEqual(
      expect.arrayContaining([expect.stringMatching(/^timer \d+ for (59 min 5\d s|1 h)$/)]),
    );
    const accepted = events.filter((e) => e.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect(accepted).toHaveLength(4);
    expect(accepted.every((e) => e.outcome === 'accepted' && e.summary.startsWith('completeTask by '))).toBe(
      true,
    );
    const completed = events.filter((e) => e.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    expect(completed.map((e) => e.outcome)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(completed[0]!.summary).toMatch(/^completeTask completed/);
    const signal = events.find((e) => e.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
    expect(signal?.summary).toMatch(/^customerMessage → message "surveyAnswered"/);
    expect(events.at(-1)!.type).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  });

  it('should render the history page, the print page and the JSON download', async () => {
    const page = await compliance.request('GET', `/staff/compliance/complaints/${complaintId}/history`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(trackingCode);
    expect(html).toContain('Temporal event history');
    expect(html).toContain('Offer a repair first');
    const print = await compliance.request(
      'GET',
      `/staff/compliance/complaints/${complaintId}/history/print`,
    );
    expect(print.status).toBe(200);
    expect(await print.text()).toContain('full history');
    const download = await compliance.request(
      'GET',
      `/api/compliance/complaints/${complaintId}/history?download=1`,
    );
    expect(download.headers.get('content-disposition')).toContain(`complaint-${trackingCode}-history.json`);
    expect(
      (
        await compliance.json(
          'GET',
          '/api/compliance/complaints/00000000-0000-4000-8000-000000000000/history',
        )
      ).status,
    ).toBe(404);
    expect((await compliance.json('GET', '/api/compliance/complaints/nope/history')).status).toBe(400);
  });

  it('should NOT let anyone change the audit log: no endpoint, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const admin = await loginAs(sys, ['admin']);
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      expect(
        (
          await admin.json(
            method,
            `/api/compliance/audit/1`,
            method === 'DELETE' ? undefined : { actor: 'x' },
          )
        ).status,
      ).toBe(404);
    // even the app's own connection (in tests: a superuser) is refused by the trigger
    await expect(
      sys.dataSource.query(`UPDATE "audit_event" SET "actor" = 'someone else' WHERE "complaintId" = $1`, [
        complaintId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sys.dataSource.query(`DELETE FROM "audit_event" WHERE "complaintId" = $1`, [complaintId]),
    ).rejects.toThrow(/append-only/);
    await expect(sys.dataSource.query(`TRUNCATE "audit_event"`)).rejects.toThrow(/append-only/);
  });

  it('should browse the audit log by action and export a period as JSON and CSV, each entry linked to the one before', async () => {
    // when the task completions of this complaint are asked for
    const page = await compliance.json<{
      items: { action: string; actor: string }[];
      nextBefore: string | null;
    }>('GET', `/api/compliance/audit?action=task.completed&complaintId=${complaintId}&limit=3`);
    // then they come newest first, three at a time
    expect(page.status).toBe(200);
    expect(page.body.items.map((i) => i.action)).toEqual([
      'task.completed',
      'task.completed',
      'task.completed',
    ]);
    expect(page.body.nextBefore).not.toBeNull();
    const rest = await compliance.json<{ items: { actor: string }[]; nextBefore: string | null }>(
      'GET',
      `/api/compliance/audit?action=task.completed&complaintId=${complaintId}&limit=3&before=${page.body.nextBefore}`,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextBefore).toBeNull();
    // and a prefix ending in * matches every task action
    const prefixed = await compliance.json<{ items: { action: string }[] }>(
      'GET',
      `/api/compliance/audit?action=task.*&complaintId=${complaintId}`,
    );
    expect(prefixed.body.items.length).toBeGreaterThanOrEqual(4);
    expect(prefixed.body.items.every((i) => i.action.startsWith('task.'))).toBe(true);

    // when today's entries are exported
    const today = new Date().toISOString().slice(0, 10);
    const json = await compliance.json<{ entries: { id: string; prevHash: string; hash: string }[] }>(
      'GET',
      `/api/compliance/audit/export.json?from=${today}&to=${today}`,
    );
    expect(json.status).toBe(200);
    const verify = await compliance.json<{ count: number }>('GET', '/api/compliance/audit/verify');
    // then every entry is there, oldest first, each one's prevHash the hash before it
    expect(json.body.entries).toHaveLength(verify.body.count);
    for (let i = 1; i < json.body.entries.length; i++)
      expect(json.body.entries[i]!.prevHash).toBe(json.body.entries[i - 1]!.hash);
    const csv = await compliance.request('GET', `/api/compliance/audit/export.csv?from=${today}&to=${today}`);
    expect(csv.headers.get('content-disposition')).toContain(`audit-${today}-to-${today}.csv`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('previous hash');
    expect(lines).toHaveLength(verify.body.count + 1);
  });

  it('should verify the chain, then name the one row altered behind the trigger', async () => {
    // given an intact chain
    const ok = await compliance.json<{ ok: boolean; count: number }>('GET', '/api/compliance/audit/verify');
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.count).toBeGreaterThan(8);
    const cli = await auditVerify(sys.config.DATABASE_URL!);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/intact: \d+ entries verified/);

    // when a superuser disables the trigger for their session and edits one entry
    const [target] = await sys.dataSource.query<{ id: string }[]>(
      `SELECT "id" FROM "audit_event" WHERE "action" = 'task.completed' AND "complaintId" = $1 ORDER BY "id" LIMIT 1 OFFSET 1`,
      [complaintId],
    );
    const pg = new PgClient({ connectionString: sys.config.DATABASE_URL });
    await pg.connect();
    try {
      await pg.query('SET session_replication_role = replica');
      await pg.query(`UPDATE "audit_event" SET "actor" = 'user:someone-else' WHERE "id" = $1`, [target!.id]);
    } finally {
      await pg.end();
    }

    // then verification names that row, on the API, the command line and the page
    const broken = await compliance.json<{ ok: boolean; brokenAt: string; reason: string }>(
      'GET',
      '/api/compliance/audit/verify',
    );
    expect(broken.body).toMatchObject({ ok: false, brokenAt: String(target!.id) });
    expect(broken.body.reason).toMatch(/altered/);
    const failed = await auditVerify(sys.config.DATABASE_URL!);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(`BROKEN at entry ${target!.id}`);
    const page = await compliance.request('GET', '/staff/compliance/audit');
    expect(await page.text()).toContain(`BROKEN at entry #${target!.id}`);
    // and the complaint's history marks that entry as altered
    const h = await compliance.json<ComplaintHistory>(
      'GET',
      `/api/compliance/complaints/${complaintId}/history`,
    );
    expect(h.body.audit.find((a) => a.id === String(target!.id))?.intact).toBe(false);
  });
});
