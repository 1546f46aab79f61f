import { Complaint } from '../../core/db/entities';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

describe('complaint intake API (real Temporal, PostgreSQL, SMTP)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const validBody = (email: string) => ({
    customer: { name: 'Ada Customer', email, locale: 'en' },
    channel: 'web',
    subject: 'Broken kettle',
    description: 'The kettle I bought last week stopped working after two days.',
  });

  it('should report PostgreSQL and Temporal healthy', async () => {
    const res = await fetch(`${sys.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });

  it('should store a complaint, start its workflow and answer its stage by tracking code', async () => {
    // given a valid complaint
    const email = uniqueEmail();
    // when it is posted
    const res = await post(validBody(email));
    // then it gets a tracking code and its workflow runs on the real server
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; trackingCode: string };
    expect(body.trackingCode).toMatch(/^RD-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: body.id });
    expect(row.workflowId).toBe(`complaint-${body.id}`);
    const handle = sys.temporal.workflow.getHandle(row.workflowId);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    const state = await handle.query(complaintStateQuery);
    expect(state.trackingCode).toBe(body.trackingCode);

    const stage = await eventually('the complaint to leave the received stage', async () => {
      const r = await fetch(`${sys.baseUrl}/api/complaints/${body.trackingCode}`);
      const j = (await r.json()) as { stage: string };
      return j.stage !== 'received' ? j.stage : undefined;
    });
    expect(['acknowledged', 'triage', 'investigation']).toContain(stage);
  });

  it('should NOT create a second complaint when the same Idempotency-Key is retried', async () => {
    const email = uniqueEmail();
    const key = `retry-${email}`;
    const first = await post(validBody(email), { 'Idempotency-Key': key });
    const second = await post(validBody(email), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { id: string };
    const b = (await second.json()) as { id: string };
    expect(b.id).toBe(a.id);
    expect(await sys.dataSource.getRepository(Complaint).countBy({ idempotencyKey: key })).toBe(1);
  });

  it('should answer 400 with field-level messages for a bad body, and store nothing', async () => {
    const before = await sys.dataSource.getRepository(Complaint).count();
    const res = await post({ customer: { name: '' }, subject: 'x', description: 'short' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; details: { field: string; message: string }[] };
    const fields = body.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['customer.name', 'subject', 'description']));
    expect(await sys.dataSource.getRepository(Complaint).count()).toBe(before);
  });

  it('should answer 400 for malformed JSON and 404 for an unknown tracking code', async () => {
    const bad = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"customer":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const missing = await fetch(`${sys.baseUrl}/api/complaints/RD-0000-0000-0000-0000`);
    expect(missing.status).toBe(404);
  });
});
