import { AuditEvent, Complaint, ComplaintClockEvent, HumanTask, TimelineEntry } from '../../core/db/entities';
import { clockEventOf } from '../../core/regulation/clock-definitions';
import { evaluateClock } from '../../workflows/engine/calendar';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** The UK profile with its 8-week final-response clock shortened to seconds (warning 20 s before). */
const BUDGET_MS = 40_000;
const CLOCK_OVERRIDES = JSON.stringify({ finalResponse: { budget: 'PT40S', warnBefore: 'PT20S' } });

interface ClockJson {
  key: string;
  phase: string;
  dueAt: string | null;
  pausedFor: number;
  breached: boolean;
  events: { kind: string; reason: string | null }[];
}

describe('deadline clocks under the UK profile (real Temporal, PostgreSQL, SMTP)', () => {
  let sys: TestSystem;
  let agent: StaffClient;
  let supervisor: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem({ JURISDICTION_PROFILE: 'uk-fca', CLOCK_OVERRIDES });
    agent = await loginAs(sys, ['agent'], ['quality'], 'clock-agent');
    supervisor = await loginAs(sys, ['approver'], ['supervisors'], 'clock-supervisor');
  });
  afterAll(async () => {
    await sys?.close();
  });

  const timeline = (complaintId: string) =>
    sys.dataSource.getRepository(TimelineEntry).find({ where: { complaintId }, order: { seq: 'ASC' } });

  it('should acknowledge, warn before the final-response deadline and alert at it, leaving the pause out', async () => {
    // given a complaint received under the UK profile
    const email = uniqueEmail('uk');
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Una Kingdom', email },
        subject: 'Kettle stopped working',
        description: 'The kettle I bought stopped working after a week and the shop would not help.',
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    // then it is acknowledged, runs under uk-fca on the England and Wales calendar, with its clocks started at receipt
    await eventually('the acknowledgment email', async () =>
      (await sys.mailTo(email)).find((m) => m.headers['x-redress-template'] === 'acknowledgment'),
    );
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
    expect(complaint).toMatchObject({ jurisdictionProfile: 'uk-fca', calendarKey: 'gb-eaw' });
    const task = await eventually(
      'the investigation task',
      async () =>
        (await sys.dataSource
          .getRepository(HumanTask)
          .findOneBy({ complaintId: id, elementId: 'investigate', status: 'open' })) ?? undefined,
    );
    expect((await agent.json('POST', `/api/tasks/${task.id}/claim`)).status).toBe(200);

    // when the agent pauses the final-response clock while waiting for the customer, then resumes it
    const pause = await agent.json<{ signalled: boolean }>(
      'POST',
      `/api/regulation/complaints/${id}/clocks/finalResponse/pause`,
      {
        reason: 'waiting_for_customer',
      },
    );
    expect(pause).toMatchObject({ status: 201, body: { signalled: true } });
    // a pause without a reason, or a second pause, is refused
    expect(
      (await agent.json('POST', `/api/regulation/complaints/${id}/clocks/finalResponse/resume`, {})).status,
    ).toBe(201);
    const refused = await agent.json<{ error: string }>(
      'POST',
      `/api/regulation/complaints/${id}/clocks/finalResponse/resume`,
      {},
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain('not paused');

    // then a warning and, at the deadline, a breach are recorded on the complaint's timeline
    const entries = await eventually(
      'the warning and the breach on the timeline',
      async () => {
        const all = await timeline(id);
        return all.some((e) => e.kind === 'slaBreached') ? all : undefined;
      },
      90_000,
    );
    const warning = entries.find((e) => e.kind === 'slaWarning' && e.data.clock === 'finalResponse');
    const breach = entries.find((e) => e.kind === 'slaBreached' && e.data.clock === 'finalResponse');
    expect(warning).toBeDefined();
    expect(breach).toBeDefined();
    expect(warning!.seq).toBeLessThan(breach!.seq);

    // and the deadline is receipt + 40 s + the time paused, exactly as derived from the recorded events
    const rows = await sys.dataSource
      .getRepository(ComplaintClockEvent)
      .find({ where: { complaintId: id, clock: 'finalResponse' }, order: { at: 'ASC' } });
    expect(rows.map((r) => [r.kind, r.actor.split(':')[0]])).toEqual([
      ['start', 'system'],
      ['pause', 'user'],
      ['resume', 'user'],
    ]);
    const [start, paused, resumed] = rows.map((r) => r.at.getTime());
    const pausedFor = resumed! - paused!;
    const due = start! + BUDGET_MS + pausedFor;
    expect(breach!.data.dueAt).toBe(new Date(due).toISOString());
    expect(breach!.occurredAt.getTime()).toBeGreaterThanOrEqual(due);
    expect(new Date(String(warning!.data.dueAt)).getTime()).toBe(due);
    const status = evaluateClock(
      { budget: 'PT40S', events: rows.map(clockEventOf) },
      { weekend: [0, 6], holidays: [], timeZone: 'Europe/London' },
      breach!.occurredAt.getTime(),
    );
    expect(status).toMatchObject({ dueAt: due, pausedFor, breached: true });

    // and the clocks API says the same
    const clocks = await agent.json<{ profile: string; clocks: ClockJson[] }>(
      'GET',
      `/api/regulation/complaints/${id}/clocks`,
    );
    const final = clocks.body.clocks.find((c) => c.key === 'finalResponse')!;
    expect(final).toMatchObject({
      phase: 'running',
      breached: true,
      pausedFor,
      dueAt: new Date(due).toISOString(),
    });
    expect(final.events.map((e) => e.reason)).toEqual(['complaint received', 'waiting_for_customer', null]);
    expect(clocks.body.clocks.find((c) => c.key === 'acknowledgment')).toMatchObject({
      phase: 'stopped',
      breached: false,
    });

    // and the assignee and the supervisor are emailed the warning and the breach
    for (const staff of [agent, supervisor]) {
      const mails = await eventually(`alerts to ${staff.email}`, async () => {
        const inbox = await sys.mailTo(staff.email);
        const kinds = inbox.map((m) => m.headers['x-redress-template']);
        return kinds.includes('sla-warning') && kinds.includes('sla-breached') ? inbox : undefined;
      });
      const breachMail = mails.find((m) => m.headers['x-redress-template'] === 'sla-breached')!;
      expect(breachMail.subject).toContain(
        `Deadline missed: Final response (8 weeks), complaint ${complaint.trackingCode}`,
      );
      expect(breachMail.text).toContain(`/staff/complaints/${id}`);
    }

    // and each alert and each clock change is in the audit log once
    const actions = await eventually('the breach in the audit log', async () => {
      const audit = await sys.dataSource.getRepository(AuditEvent).find({ where: { complaintId: id } });
      return audit.some((a) => a.action === 'complaint.sla_breached')
        ? audit.map((a) => a.action)
        : undefined;
    });
    expect(actions.filter((a) => a === 'complaint.sla_breached')).toHaveLength(1);
    expect(actions.filter((a) => a === 'complaint.sla_warning')).toHaveLength(1);
    expect(actions).toEqual(
      expect.arrayContaining(['complaint.clocks_started', 'complaint.clock_pause', 'complaint.clock_resume']),
    );
  }, 150_000);

  it('should NOT let a clock be extended beyond what the profile allows, nor paused without a reason', async () => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Ed Extend', email: uniqueEmail('ext') },
        subject: 'Fee charged twice',
        description: 'I was charged the account fee twice this month.',
      }),
    });
    const { id } = (await res.json()) as { id: string };
    await eventually(
      'clocks recorded',
      async () => (await sys.dataSource.getRepository(ComplaintClockEvent).countBy({ complaintId: id })) > 0,
    );
    const noReason = await supervisor.json<{ error: string }>(
      'POST',
      `/api/regulation/complaints/${id}/clocks/finalResponse/pause`,
      {},
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toContain('a pause needs a reason');
    const extend = await supervisor.json<{ error: string }>(
      'POST',
      `/api/regulation/complaints/${id}/clocks/finalResponse/extend`,
      {
        reason: 'busy',
        budget: 'P12W',
      },
    );
    expect(extend.status).toBe(422);
    expect(extend.body.error).toContain('cannot be extended');
    // a data-subject request clock is started by hand and may be extended to 3 months
    expect(
      (
        await supervisor.json('POST', `/api/regulation/complaints/${id}/clocks/dataSubjectRequest/start`, {
          reason: 'subject access request',
        })
      ).status,
    ).toBe(201);
    const dsar = await supervisor.json<{ clock: ClockJson }>(
      'POST',
      `/api/regulation/complaints/${id}/clocks/dataSubjectRequest/extend`,
      {
        reason: 'numerous requests',
        budget: 'P3M',
      },
    );
    expect(dsar.status).toBe(201);
    expect(dsar.body.clock).toMatchObject({ phase: 'running', budget: 'P3M' });
  });
});
