import { createHash } from 'node:crypto';
import { Attachment, AuditEvent, Complaint, ComplaintNote, OutboundMessage } from '../../core/db/entities';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface ViewJson {
  complaint: { id: string; trackingCode: string; channel: string; enteredByUserId: string | null };
  customer: { name: string; email: string };
  earlier: { id: string }[];
  repeat: boolean;
  timeline: { kind: string }[];
  openTasks: { elementId: string }[];
  messages: { template: string; channel: string; status: string; body: string }[];
  attachments: Record<string, unknown>[];
  notes: { kind: string; body: string; authorName: string }[];
  similar: { id: string; trackingCode: string }[];
  live: { available: boolean; stage?: string };
}

describe('the complaint view, notes, questions to the customer and staff-entered complaints', () => {
  let sys: TestSystem;
  let agent: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    agent = await loginAs(sys, ['agent'], ['quality'], 'quality-agent');
  });
  afterAll(async () => {
    await sys?.close();
  });

  const submit = async (email: string, subject: string, description: string): Promise<string> => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Vera Viewer', email }, subject, description }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  const investigating = (id: string) =>
    eventually('the complaint to reach investigation', async () => {
      const c = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
      return c.stage === 'investigation' ? c : undefined;
    });

  it('should show the customer, their earlier complaints with the repeat flag, the trail, messages and similar complaints', async () => {
    // given a customer who complained before about a similar kettle
    const email = uniqueEmail('repeat');
    const first = await submit(
      email,
      'Kettle switch broken',
      'The kettle switch broke and the kettle stopped working after a week.',
    );
    const second = await submit(
      email,
      'Broken kettle again',
      'My replacement kettle stopped working too; the switch is broken again.',
    );
    await investigating(first);
    await investigating(second);

    // and a photo the customer sent with it (stored by the customer portal)
    const photo = await sys.dataSource.getRepository(Attachment).save(
      sys.dataSource.getRepository(Attachment).create({
        complaintId: second,
        originalName: 'kettle.jpg',
        storedName: 'a1b2c3d4e5f6',
        contentType: 'image/jpeg',
        size: 1234,
        sha256: 'f'.repeat(64),
      }),
    );

    // when the agent opens the second complaint
    const view = await eventually('the acknowledgment and the open task in the view', async () => {
      const res = await agent.json<ViewJson>('GET', `/api/staff/complaints/${second}`);
      expect(res.status).toBe(200);
      const acknowledged = res.body.messages.some(
        (m) => m.template === 'acknowledgment' && m.status === 'sent',
      );
      return acknowledged && res.body.timeline.some((e) => e.kind === 'taskOpened') ? res.body : undefined;
    });

    // then the customer's earlier complaint is listed and flagged as a repeat
    expect(view.customer.email).toBe(email);
    expect(view.earlier.map((e) => e.id)).toEqual([first]);
    expect(view.repeat).toBe(true);
    // and the trail, the open task and the message sent (with its text) are there
    expect(view.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['stageChanged', 'taskOpened']));
    expect(view.openTasks.map((t) => t.elementId)).toContain('investigate');
    const ack = view.messages.find((m) => m.template === 'acknowledgment')!;
    expect(ack.body).toContain(view.complaint.trackingCode);
    expect(view.live).toMatchObject({ available: true, stage: 'investigation' });
    // and the attachment is listed (its stored file name stays on the server)
    expect(view.attachments).toEqual([
      expect.objectContaining({ id: photo.id, originalName: 'kettle.jpg', contentType: 'image/jpeg' }),
    ]);
    expect(view.attachments[0]).not.toHaveProperty('storedName');
    // and the first complaint is found as a similar one (full text)
    expect(view.similar.map((s) => s.id)).toContain(first);

    // and the HTML page shows the same
    const page = await agent.request('GET', `/staff/complaints/${second}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Repeat complaint');
    expect(html).toContain('Similar past complaints');
    expect(html).toContain(`href="/api/attachments/${photo.id}/content"`);
  });

  it('should keep internal notes, audited, and ask the customer a question by email with a signal to the workflow', async () => {
    const email = uniqueEmail('question');
    const id = await submit(email, 'Kettle leaks', 'The kettle leaks water from the bottom and is broken.');
    const complaint = await investigating(id);

    // an internal note
    const note = await agent.json<{ note: { id: string } }>('POST', `/api/staff/complaints/${id}/notes`, {
      body: 'Called the shop: same batch as last month.',
    });
    expect(note.status).toBe(201);
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'complaint.note_added', entityId: note.body.note.id });
    expect(audit).toMatchObject({ actor: `user:${agent.userId}`, complaintId: id });
    // (the permanent audit chain holds a fingerprint of the note, never its words: those can be erased)
    const noteText = 'Called the shop: same batch as last month.';
    expect(audit.data).toEqual({
      body: { length: noteText.length, sha256: createHash('sha256').update(noteText).digest('hex') },
    });
    expect((await agent.json('POST', `/api/staff/complaints/${id}/notes`, { body: '   ' })).status).toBe(400);

    // a question to the customer
    const asked = await agent.json<{
      note: { id: string };
      delivery: { channel: string; status: string };
      signalled: boolean;
    }>('POST', `/api/staff/complaints/${id}/info-requests`, {
      question: 'Could you send us a photo of the label under the kettle?',
    });
    expect(asked.status).toBe(201);
    expect(asked.body.delivery).toEqual({ channel: 'email', status: 'sent' });
    expect(asked.body.signalled).toBe(true);

    // then the customer receives it in the real mailbox
    const mail = await eventually('the question email', async () =>
      (await sys.mailTo(email)).find((m) => m.text?.includes('photo of the label')),
    );
    expect(mail.text).toContain(complaint.trackingCode);
    // and it is in the outbox under the note's idempotency key, and in the audit trail
    const out = await sys.dataSource
      .getRepository(OutboundMessage)
      .findOneByOrFail({ idempotencyKey: `note:${asked.body.note.id}` });
    expect(out).toMatchObject({ template: 'info-request', status: 'sent', complaintId: id });
    const askedAudit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'complaint.info_requested', entityId: asked.body.note.id });
    expect(JSON.stringify(askedAudit.data)).not.toContain('label under the kettle');
    expect(askedAudit.data).toEqual({ question: { length: expect.any(Number), sha256: expect.any(String) } });

    // and the workflow got the infoRequested message
    const history = await sys.temporal.workflow.getHandle(complaint.workflowId).fetchHistory();
    const signals = (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'customerMessage',
    );
    expect(signals.length).toBeGreaterThanOrEqual(1);

    // and the view lists the note and the question
    const view = await agent.json<ViewJson>('GET', `/api/staff/complaints/${id}`);
    expect(view.body.notes.map((n) => [n.kind, n.authorName])).toEqual([
      ['note', 'quality-agent'],
      ['info_request', 'quality-agent'],
    ]);
    expect(await sys.dataSource.getRepository(ComplaintNote).countBy({ complaintId: id })).toBe(2);
  });

  it('should record a phone complaint entered by staff, with the channel and who entered it, and acknowledge the customer', async () => {
    const email = uniqueEmail('phone');
    const res = await agent.json<{ id: string; trackingCode: string }>('POST', '/api/staff/complaints', {
      channel: 'phone',
      customer: { name: 'Phil Phone', email, locale: 'en' },
      subject: 'Kettle broken',
      description: 'Customer called: the kettle is broken and will not switch on.',
    });
    expect(res.status).toBe(201);
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: res.body.id });
    expect(complaint).toMatchObject({ channel: 'phone', enteredByUserId: agent.userId });
    const received = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'complaint.received', complaintId: complaint.id });
    expect(received.actor).toBe(`user:${agent.userId}`);
    // the customer still gets the acknowledgment with the tracking code
    const ack = await eventually('the acknowledgment email', async () =>
      (await sys.mailTo(email)).find((m) => m.text?.includes(res.body.trackingCode)),
    );
    expect(ack).toBeDefined();
    // a web channel is not one staff enter
    expect(
      (
        await agent.json('POST', '/api/staff/complaints', {
          channel: 'web',
          customer: { name: 'X', email },
          subject: 'abc',
          description: 'long enough text',
        })
      ).status,
    ).toBe(400);
  });

  it('should enter a complaint through the page form and find it by tracking code, email and words', async () => {
    const email = uniqueEmail('letter');
    const form = await agent.request('GET', '/staff/complaints/new');
    expect(form.status).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await fetch(`${sys.baseUrl}/staff/complaints/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader() },
      body: new URLSearchParams({
        _csrf: token,
        channel: 'letter',
        type: 'complaint',
        customerName: 'Lena Letter',
        customerEmail: email,
        customerLocale: 'ru',
        subject: 'Defective iron',
        description: 'Letter received: the iron is defective and scorched a shirt.',
      }).toString(),
    });
    expect(res.status).toBe(303);
    const id = /\/staff\/complaints\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!;
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
    expect(complaint.channel).toBe('letter');

    // an invalid form comes back with the messages next to the fields
    const bad = await fetch(`${sys.baseUrl}/staff/complaints/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader() },
      body: new URLSearchParams({
        _csrf: token,
        channel: 'phone',
        customerName: '',
        subject: 'x',
        description: 'short',
      }).toString(),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('There is a problem');

    // search (an admin sees every complaint; the agent of quality too, once it is routed there)
    const admin = await loginAs(sys, ['admin']);
    for (const q of [complaint.trackingCode, email, 'scorched']) {
      const found = await admin.json<{ items: { id: string }[] }>(
        'GET',
        `/api/staff/complaints?q=${encodeURIComponent(q)}`,
      );
      expect(found.body.items.map((i) => i.id)).toContain(id);
    }
    const none = await admin.json<{ items: unknown[] }>(
      'GET',
      `/api/staff/complaints?q=${encodeURIComponent('zebra unicorn')}`,
    );
    expect(none.body.items).toEqual([]);
  });
});
