import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { AuditEvent, Complaint, ComplaintClockEvent, TimelineEntry } from '../../core/db/entities';
import { businessMillisBetween } from '../../workflows/engine/calendar';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, harness, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** The text of an HTML fragment as a reader sees it. */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The row of one clock in the complaint page's "Deadlines" card. */
const clockRow = (html: string, clock: string): string =>
  /<tr data-clock="([^"]+)"[^>]*>[\s\S]*?<\/tr>/g.exec(
    html.slice(html.indexOf(`<tr data-clock="${clock}"`)),
  )?.[0] ?? '';

interface ClockJson {
  key: string;
  phase: string;
  dueAt: string | null;
  pausedFor: number;
  events: { kind: string; at: string; reason: string | null; actor: string }[];
}

/**
 * The default profile (ISO 10002), whose final-response clock stops while a question to the customer
 * is unanswered, with its budget in business days (15) on the profile's Monday–Friday calendar.
 */
const CLOCK_OVERRIDES = JSON.stringify({ finalResponse: { budget: 'P15BD' } });
const MON_FRI = { weekend: [0, 6], holidays: [], timeZone: 'UTC' };

describe('deadline clocks on the staff complaint page (real Temporal, PostgreSQL, SMTP)', () => {
  let sys: TestSystem;
  let agent: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem({ CLOCK_OVERRIDES });
    agent = await loginAs(sys, ['agent'], ['finance'], 'clock-page-agent');
  });
  afterAll(async () => {
    await sys?.close();
  });

  const submit = async (subject: string): Promise<string> => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Cora Clock', email: uniqueEmail('clock') },
        subject,
        description: 'The invoice charged me twice for the same month and nobody answers the phone.',
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await eventually('the complaint to reach investigation', async () =>
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id })).stage === 'investigation'
        ? true
        : undefined,
    );
    return id;
  };

  /** The complaint page as `who` sees it, with the CSRF token of its forms. */
  const page = async (who: StaffClient, id: string): Promise<{ html: string; token: string }> => {
    const res = await who.request('GET', `/staff/complaints/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, token: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
  };

  /** Posts a form of the page as a browser would (urlencoded, `_csrf` field), not following the redirect. */
  const postForm = (who: StaffClient, path: string, fields: Record<string, string>): Promise<Response> =>
    fetch(`${sys.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookieHeader() },
      body: new URLSearchParams(fields).toString(),
    });

  it('should pause a clock with a reason and resume it through the page forms, in the timeline and the audit log', async () => {
    // given a complaint under the default profile, its final-response clock running
    const id = await submit('Charged twice for March');
    const before = await page(agent, id);
    const running = textOf(clockRow(before.html, 'finalResponse'));
    expect(running).toContain('Final response');
    expect(running).toContain('Running');
    expect(running).toMatch(/left/);
    expect(clockRow(before.html, 'finalResponse')).toContain(`/clocks/finalResponse/pause`);
    // and the acknowledgment clock, which never pauses, offers no pause
    expect(clockRow(before.html, 'acknowledgment')).not.toContain('/pause');

    // when the agent pauses it without choosing a reason
    const noReason = await postForm(agent, `/staff/complaints/${id}/clocks/finalResponse/pause`, {
      _csrf: before.token,
    });
    // then it is refused, on the page, and the clock still runs
    expect(noReason.status).toBe(303);
    const refused = await page(agent, id);
    expect(textOf(refused.html)).toContain('Choose why the clock pauses.');
    expect(textOf(clockRow(refused.html, 'finalResponse'))).toContain('Running');

    // when the agent pauses it waiting for a third party, with details
    const paused = await postForm(agent, `/staff/complaints/${id}/clocks/finalResponse/pause`, {
      _csrf: refused.token,
      reason: 'waiting_for_third_party',
      details: 'card scheme chargeback report',
    });
    expect(paused.status).toBe(303);
    expect(paused.headers.get('location')).toBe(`/staff/complaints/${id}#clocks`);

    // then the page says it is paused, since when and why, and offers to resume it
    const afterPause = await page(agent, id);
    expect(textOf(afterPause.html)).toContain('The clock "Final response" is paused.');
    const row = textOf(clockRow(afterPause.html, 'finalResponse'));
    expect(row).toContain('Paused since');
    expect(row).toContain('Waiting for a third party: card scheme chargeback report');
    expect(row).toContain('Moves when the clock resumes');
    expect(clockRow(afterPause.html, 'finalResponse')).toContain('/clocks/finalResponse/resume');
    // and the audit log keeps the pause with its reason and who paused
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ complaintId: id, action: 'complaint.clock_pause' });
    expect(audit.actor).toBe(`user:${agent.userId}`);
    // (the reason code in clear; the details, free text that may name people, only as a fingerprint)
    expect(audit.data).toMatchObject({
      clock: 'finalResponse',
      reason: 'waiting_for_third_party',
      details: { length: 'card scheme chargeback report'.length, sha256: expect.any(String) },
    });
    expect(JSON.stringify(audit.data)).not.toContain('chargeback');
    // and the complaint's timeline shows it in words, once the workflow has applied it
    // (the acknowledgment clock's stop is a clockChanged entry too: wait for this pause's own)
    await eventually('the pause on the timeline', async () =>
      (
        await sys.dataSource.getRepository(TimelineEntry).findBy({ complaintId: id, kind: 'clockChanged' })
      ).some((e) => e.data.clock === 'finalResponse' && e.data.kind === 'pause')
        ? true
        : undefined,
    );
    expect(textOf((await page(agent, id)).html)).toContain(
      'Deadline clock paused: Final response (Waiting for a third party: card scheme chargeback report)',
    );

    // when the agent resumes it
    const resumed = await postForm(agent, `/staff/complaints/${id}/clocks/finalResponse/resume`, {
      _csrf: afterPause.token,
    });
    expect(resumed.status).toBe(303);

    // then it runs again with a due date, and the record holds start, pause, resume
    const afterResume = await page(agent, id);
    expect(textOf(afterResume.html)).toContain('The clock "Final response" runs again.');
    const again = clockRow(afterResume.html, 'finalResponse');
    expect(textOf(again)).toContain('Running');
    expect(again).toMatch(/<time datetime="[^"]+">/);
    const kinds = (
      await sys.dataSource
        .getRepository(ComplaintClockEvent)
        .find({ where: { complaintId: id, clock: 'finalResponse' }, order: { at: 'ASC' } })
    ).map((e) => e.kind);
    expect(kinds).toEqual(['start', 'pause', 'resume']);
  });

  it('should NOT let compliance pause a clock: no form on the page, and the post is refused', async () => {
    // given a complaint and a compliance officer, who reads everything and changes nothing
    const id = await submit('Fee not refunded');
    const compliance = await loginAs(sys, ['compliance'], [], 'clock-compliance');
    const { html, token } = await page(compliance, id);
    // then they see the clocks but no pause or resume form
    expect(textOf(clockRow(html, 'finalResponse'))).toContain('Running');
    expect(html).not.toContain('/clocks/finalResponse/pause');
    // and a forged post is refused and changes nothing
    const res = await postForm(compliance, `/staff/complaints/${id}/clocks/finalResponse/pause`, {
      _csrf: token,
      reason: 'waiting_for_customer',
    });
    expect(res.status).toBe(403);
    expect(
      await sys.dataSource
        .getRepository(ComplaintClockEvent)
        .countBy({ complaintId: id, clock: 'finalResponse', kind: 'pause' }),
    ).toBe(0);
  });

  it('should stop the clock while a question to the customer is unanswered and move the deadline by the business time waited', async () => {
    // given a complaint in investigation whose final-response clock runs (15 business days)
    const id = await submit('Direct debit taken twice');
    const clockOf = async (): Promise<ClockJson> =>
      (
        await agent.json<{ clocks: ClockJson[] }>('GET', `/api/regulation/complaints/${id}/clocks`)
      ).body.clocks.find((c) => c.key === 'finalResponse')!;
    const before = await clockOf();
    expect(before).toMatchObject({ phase: 'running', pausedFor: 0 });
    expect(textOf(clockRow((await page(agent, id)).html, 'finalResponse'))).toContain(
      'It stops by itself while a question to the customer is unanswered.',
    );

    // when the agent asks the customer a question through the page
    const { token } = await page(agent, id);
    const asked = await postForm(agent, `/staff/complaints/${id}/info-requests`, {
      _csrf: token,
      question: 'Which account was the second payment taken from?',
    });
    expect(asked.status).toBe(303);

    // then the workflow pauses the clock, waiting for the customer, on the record and in the audit log
    const paused = await eventually('the automatic pause', async () => {
      const c = await clockOf();
      return c.phase === 'paused' ? c : undefined;
    });
    expect(paused.events.at(-1)).toMatchObject({
      kind: 'pause',
      reason: 'waiting_for_customer',
      actor: 'workflow',
    });
    expect(
      await sys.dataSource.getRepository(AuditEvent).findOneBy({
        complaintId: id,
        action: 'complaint.clock_pause',
        actor: 'workflow',
      }),
    ).toMatchObject({ data: { clock: 'finalResponse', reason: 'waiting_for_customer' } });
    const pausedPage = await page(agent, id);
    expect(textOf(clockRow(pausedPage.html, 'finalResponse'))).toContain('Waiting for the customer');
    expect(textOf(pausedPage.html)).toContain(
      'Deadline clock paused: Final response (Waiting for the customer)',
    );

    // when the customer answers on their tracking page
    const { trackingCode } = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
    const reply = new FormData();
    reply.append('message', 'From my current account ending 4711.');
    reply.append('idempotencyKey', randomUUID());
    const answered = await fetch(`${sys.baseUrl}/track/${trackingCode}/messages`, {
      method: 'POST',
      body: reply,
      redirect: 'manual',
    });
    expect(answered.status).toBe(303);

    // then the clock runs again, and its deadline moved by exactly the business time it waited
    const after = await eventually('the automatic resume', async () => {
      const c = await clockOf();
      return c.phase === 'running' && c.events.at(-1)?.kind === 'resume' ? c : undefined;
    });
    expect(after.events.at(-1)).toMatchObject({ actor: 'workflow', reason: 'customer replied' });
    const pausedAt = Date.parse(after.events.at(-2)!.at);
    const resumedAt = Date.parse(after.events.at(-1)!.at);
    expect(after.pausedFor).toBe(resumedAt - pausedAt);
    const waited = businessMillisBetween(pausedAt, resumedAt, MON_FRI);
    const dueBefore = Date.parse(before.dueAt!);
    const dueAfter = Date.parse(after.dueAt!);
    expect(dueAfter).toBeGreaterThanOrEqual(dueBefore);
    expect(businessMillisBetween(dueBefore, dueAfter, MON_FRI)).toBe(waited);
    // (on a working day the wait counts in full: the deadline moved by the very same milliseconds)
    if (waited === resumedAt - pausedAt) expect(dueAfter - dueBefore).toBe(waited);

    // and the workflow's history, automatic pause and resume included, replays on the current code
    const handle = sys.temporal.workflow.getHandle(
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id })).workflowId,
    );
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: harness().workflowBundlePath } },
        await handle.fetchHistory(),
        handle.workflowId,
      ),
    ).resolves.toBeUndefined();
  });
});
