import { randomUUID } from 'node:crypto';
import type { CustomerDataExport } from '../../core/privacy/customer-export.service';
import { reportQuerySchema } from '../../core/reports/report-filters';
import { ReportService } from '../../core/reports/report.service';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { ComplaintNotesService } from '../../web/staff/complaint-notes.service';
import { complaint, DAY, HOUR, insertComplaint, insertCustomer } from './compliance-seed';

const YEAR = 365.25 * DAY;

describe('privacy: a customer data export, and pseudonymisation once retention has ended', () => {
  let sys: TestSystem;
  let admin: StaffClient;
  let compliance: StaffClient;
  const old = {
    id: randomUUID(),
    name: 'Olga Oldcustomer',
    email: 'olga.old@example.test',
    phone: '+44 20 7946 0999',
  };
  const recent = { id: randomUUID(), name: 'Rita Recent', email: 'rita@example.test', phone: null };
  const open = { id: randomUUID(), name: 'Otto Open', email: 'otto@example.test', phone: null };
  let oldComplaintId: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    for (const c of [old, recent, open]) await insertCustomer(sys.dataSource, c);
    const created = new Date(Date.now() - 8 * YEAR);
    const closed = new Date(created.getTime() + 20 * DAY);
    const c = complaint(old.id, created, {
      subject: 'Olga’s broken fridge',
      description: `My name is ${old.name}, call me on ${old.phone}. The fridge is broken.`,
      status: 'closed',
      stage: 'closed',
      acknowledgedAt: new Date(created.getTime() + HOUR),
      resolvedAt: new Date(created.getTime() + 10 * DAY),
      closedAt: closed,
      satisfaction: 4,
      remedyType: 'replacement',
      remedyAmount: 420,
      category: 'product',
      tasks: [
        {
          elementId: 'investigate',
          name: 'Investigate',
          status: 'completed',
          createdAt: created,
          dueAt: new Date(created.getTime() + 5 * DAY),
          completedAt: new Date(created.getTime() + 2 * DAY),
          completedBy: 'agent@x',
          data: {
            findings: `Spoke to ${old.name}; compressor failed`,
            remedyType: 'replacement',
            remedyAmount: 420,
            response: 'We will replace it.',
          },
        },
      ],
      messages: [
        {
          template: 'resolution',
          channel: 'email',
          step: 'w9',
          createdAt: new Date(created.getTime() + 10 * DAY),
          body: `Dear ${old.name}, we will replace your fridge.`,
        },
      ],
    });
    oldComplaintId = c.id;
    await insertComplaint(sys.dataSource, c);
    await sys.dataSource.query(`UPDATE "complaint" SET "desiredRemedy" = 'A new fridge' WHERE "id" = $1`, [
      c.id,
    ]);
    await sys.dataSource.query(
      `INSERT INTO "timeline_entry" ("complaintId", "workflowId", "seq", "kind", "elementId", "processVersion", "data", "occurredAt") VALUES ($1, $2, 99, 'incident', 'notifyResolution', 1, $3, $4)`,
      [
        c.id,
        `complaint-${c.id}`,
        JSON.stringify({ message: `Mailbox ${old.email} is full`, waitId: 'w9' }),
        created,
      ],
    );
    await sys.dataSource.query(
      `INSERT INTO "customer_message" ("complaintId", "channel", "body", "sender", "createdAt") VALUES ($1, 'email', $2, $3, $4)`,
      [c.id, 'Any news? Olga', old.email, created],
    );
    await sys.dataSource.query(
      `INSERT INTO "survey_response" ("complaintId", "nonce", "satisfaction", "solved", "comment", "answeredAt") VALUES ($1, 'n1', 4, true, $2, $3)`,
      [c.id, 'Thanks, Olga is happy', closed],
    );
    // a member of staff's internal note quoting her, written as the complaint page writes it
    await new ComplaintNotesService(sys.dataSource).add(
      c.id,
      `Olga rang from ${old.phone} about the fridge compressor`,
      { userId: randomUUID(), name: 'Agent Smith', username: 'agent@x', roles: ['agent'], groups: [] },
    );
    await insertComplaint(
      sys.dataSource,
      complaint(recent.id, new Date(Date.now() - 2 * YEAR), {
        status: 'closed',
        stage: 'closed',
        closedAt: new Date(Date.now() - 2 * YEAR + 10 * DAY),
      }),
    );
    await insertComplaint(sys.dataSource, complaint(open.id, new Date(Date.now() - 9 * YEAR)));
    admin = await loginAs(sys, ['admin']);
    compliance = await loginAs(sys, ['compliance']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should export everything held about a customer, and audit the export', async () => {
    // when compliance exports Olga's data
    const res = await compliance.json<CustomerDataExport>(
      'GET',
      `/api/compliance/customers/${old.id}/export`,
    );
    // then it holds the customer, her complaint, the messages both ways and her survey answer
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ name: old.name, email: old.email, phone: old.phone });
    expect(res.body.complaints.map((c) => c.id)).toEqual([oldComplaintId]);
    expect(res.body.messagesSent.map((m) => m.body)).toEqual([
      `Dear ${old.name}, we will replace your fridge.`,
    ]);
    expect(res.body.messagesReceived).toEqual([
      expect.objectContaining({ body: 'Any news? Olga', sender: old.email }),
    ]);
    expect(res.body.surveyAnswers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ satisfaction: 4, comment: 'Thanks, Olga is happy' }),
      ]),
    );
    const [entry] = await sys.dataSource.query<{ actor: string }[]>(
      `SELECT "actor" FROM "audit_event" WHERE "action" = 'customer.exported' AND "entityId" = $1`,
      [old.id],
    );
    expect(entry?.actor).toBe(`user:${compliance.userId}`);
    expect((await compliance.json('GET', `/api/compliance/customers/${randomUUID()}/export`)).status).toBe(
      404,
    );
  });

  it('should refuse pseudonymisation with the reason while retention runs or a complaint is open, and to compliance', async () => {
    const early = await admin.json<{ error: string }>(
      'POST',
      `/api/compliance/customers/${recent.id}/pseudonymise`,
      {},
    );
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(
      /retention period has not ended: .* for 6 years .* until \d{4}-\d{2}-\d{2}/,
    );
    const stillOpen = await admin.json<{ error: string }>(
      'POST',
      `/api/compliance/customers/${open.id}/pseudonymise`,
      {},
    );
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body.error).toMatch(/1 open complaint/);
    expect(
      (await compliance.json('POST', `/api/compliance/customers/${old.id}/pseudonymise`, {})).status,
    ).toBe(403);
    expect(
      (await sys.dataSource.query(`SELECT "pseudonymisedAt" FROM "customer" WHERE "id" = $1`, [recent.id]))[0]
        .pseudonymisedAt,
    ).toBeNull();
  });

  it('should replace personal data with placeholders, keep the statistics and the audit chain valid', async () => {
    // given the figures before
    // (a service of its own, without the app's one-minute report cache, so "after" is really counted again)
    const reports = new ReportService(sys.dataSource, 360, 0);
    const day = (years: number) => new Date(Date.now() - years * YEAR).toISOString().slice(0, 10);
    const period = reportQuerySchema.parse({ from: day(9.5), to: day(0) });
    const before = await reports.report(period);
    // when an admin pseudonymises Olga after her retention period
    const res = await admin.json<{
      complaints: number;
      messagesSent: number;
      messagesReceived: number;
      surveyAnswers: number;
      timelineEntries: number;
      notes: number;
      auditEntriesWithText: number;
    }>('POST', `/api/compliance/customers/${old.id}/pseudonymise`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      complaints: 1,
      messagesSent: 1,
      messagesReceived: 1,
      surveyAnswers: 1,
      timelineEntries: 1,
      notes: 1,
      auditEntriesWithText: 0,
    });

    // then her name, contact details and free text are gone everywhere
    const [customer] = await sys.dataSource.query(`SELECT * FROM "customer" WHERE "id" = $1`, [old.id]);
    expect(customer).toMatchObject({ name: '[pseudonymised]', email: null, phone: null });
    expect(customer.pseudonymisedAt).not.toBeNull();
    const dump = JSON.stringify(
      await Promise.all(
        [
          'complaint',
          'outbound_message',
          'human_task',
          'timeline_entry',
          'customer_message',
          'survey_response',
          'complaint_note',
          'audit_event',
        ].map((t) =>
          sys.dataSource.query(
            `SELECT * FROM "${t}" WHERE ${t === 'audit_event' ? '"entityId" = $2 OR "complaintId" = $1' : t === 'complaint' ? '"id" = $1' : '"complaintId" = $1'}`,
            t === 'audit_event' ? [oldComplaintId, old.id] : [oldComplaintId],
          ),
        ),
      ),
    );
    for (const personal of [old.name, old.email, old.phone, 'Olga', 'fridge', 'compressor'])
      expect(dump).not.toContain(personal);
    // while what statistics read stays
    const [row] = await sys.dataSource.query(`SELECT * FROM "complaint" WHERE "id" = $1`, [oldComplaintId]);
    expect(row).toMatchObject({
      subject: '[pseudonymised]',
      description: '[pseudonymised]',
      desiredRemedy: '[pseudonymised]',
      satisfaction: 4,
      remedyType: 'replacement',
      remedyAmount: '420.00',
      category: 'product',
      status: 'closed',
    });
    const [task] = await sys.dataSource.query(`SELECT "data" FROM "human_task" WHERE "complaintId" = $1`, [
      oldComplaintId,
    ]);
    expect(task.data).toEqual({
      findings: '[pseudonymised]',
      remedyType: 'replacement',
      remedyAmount: 420,
      response: '[pseudonymised]',
    });
    const after = await reports.report(period);
    expect(after.figures).toEqual(before.figures);
    expect(after.figures.remedies.value.totalCost).toBeGreaterThan(0);

    // and the audit chain still verifies, with one entry recording the act (not the data)
    const verify = await compliance.json<{ ok: boolean }>('GET', '/api/compliance/audit/verify');
    expect(verify.body.ok).toBe(true);
    const [act] = await sys.dataSource.query(
      `SELECT * FROM "audit_event" WHERE "action" = 'customer.pseudonymised'`,
    );
    expect(act).toMatchObject({ actor: `user:${admin.userId}`, entityType: 'customer', entityId: old.id });
    expect(JSON.stringify(act.data)).not.toContain('Olga');

    // a second time is refused
    const again = await admin.json<{ error: string }>(
      'POST',
      `/api/compliance/customers/${old.id}/pseudonymise`,
      {},
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already pseudonymised/);
  });

  it('should show the retention status on the customer page, with the form for admins only', async () => {
    const asCompliance = await (
      await compliance.request('GET', `/staff/compliance/customers/${recent.id}`)
    ).text();
    expect(asCompliance).toContain('retention period has not ended');
    expect(asCompliance).not.toContain('Pseudonymise personal data');
    const page = await compliance.request('GET', `/staff/compliance/customers/${old.id}`);
    expect(await page.text()).toContain('already pseudonymised');
  });
});
