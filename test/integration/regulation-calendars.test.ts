import { AuditEvent, Complaint } from '../../core/db/entities';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface CalendarJson {
  key: string;
  name: string;
  weekendDays: number[];
  timeZone: string;
  holidays: { date: string; name: string }[];
}

describe('working calendars, product-line profiles and outcomes (real PostgreSQL and Temporal)', () => {
  let sys: TestSystem;
  let admin: StaffClient;
  let auditor: StaffClient;
  let agent: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await loginAs(sys, ['admin'], [], 'admin');
    auditor = await loginAs(sys, ['compliance'], [], 'auditor');
    agent = await loginAs(sys, ['agent'], ['quality'], 'agent');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should ship calendars for each profile, with Friday as the weekend in Iran', async () => {
    const res = await agent.json<{ calendars: CalendarJson[] }>('GET', '/api/regulation/calendars');
    expect(res.status).toBe(200);
    const byKey = new Map(res.body.calendars.map((c) => [c.key, c]));
    expect([...byKey.keys()]).toEqual([
      'au-national',
      'eu-target',
      'gb-eaw',
      'ir',
      'ir-thu-fri',
      'us-federal',
      'utc-mon-fri',
    ]);
    expect(byKey.get('ir')).toMatchObject({ weekendDays: [5], timeZone: 'Asia/Tehran' });
    expect(byKey.get('ir-thu-fri')?.weekendDays).toEqual([4, 5]);
    expect(byKey.get('gb-eaw')?.holidays).toContainEqual({
      date: '2026-12-28',
      name: 'Boxing Day (substitute day)',
    });
  });

  it('should let admins create and edit a calendar, audited, and NOT let others', async () => {
    // when an admin creates a Scottish calendar, moves its zone and adds St Andrew's Day
    const created = await admin.json<{ calendar: CalendarJson }>('POST', '/api/regulation/calendars', {
      key: 'gb-sct',
      name: 'Scotland bank holidays',
      weekendDays: [6, 0],
      timeZone: 'UTC',
    });
    expect(created.status).toBe(201);
    expect(created.body.calendar.weekendDays).toEqual([0, 6]);
    const moved = await admin.json<{ calendar: CalendarJson }>('PATCH', '/api/regulation/calendars/gb-sct', {
      timeZone: 'Europe/London',
    });
    expect(moved.body.calendar.timeZone).toBe('Europe/London');
    const holiday = await admin.json<{ calendar: CalendarJson }>(
      'PUT',
      '/api/regulation/calendars/gb-sct/holidays/2026-11-30',
      {
        name: "St Andrew's Day",
      },
    );
    expect(holiday.body.calendar.holidays).toEqual([{ date: '2026-11-30', name: "St Andrew's Day" }]);
    const removed = await admin.json<{ calendar: CalendarJson }>(
      'DELETE',
      '/api/regulation/calendars/gb-sct/holidays/2026-11-30',
    );
    expect(removed.body.calendar.holidays).toEqual([]);

    // then each change is in the audit log
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .find({ where: { entityType: 'working_calendar', entityId: 'gb-sct' }, order: { id: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual([
      'calendar.created',
      'calendar.updated',
      'calendar.holiday_set',
      'calendar.holiday_removed',
    ]);
    expect(audit[1]!.data).toMatchObject({
      before: { timeZone: 'UTC' },
      after: { timeZone: 'Europe/London' },
    });

    // and nonsense is refused
    const everyDayOff = await admin.json('PATCH', '/api/regulation/calendars/gb-sct', {
      weekendDays: [0, 1, 2, 3, 4, 5, 6],
    });
    expect(everyDayOff.status).toBe(400);
    const badZone = await admin.json<{ error: string }>('PATCH', '/api/regulation/calendars/gb-sct', {
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(422);
    expect(badZone.body.error).toContain('unknown time zone "Mars/Olympus"');
    expect(
      (await admin.json('PUT', '/api/regulation/calendars/gb-sct/holidays/2026-02-30', { name: 'x' })).status,
    ).toBe(400);
    // and only admins may change calendars
    expect(
      (await auditor.json('POST', '/api/regulation/calendars/gb-sct/holidays/2026-12-01', { name: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await auditor.json('PUT', '/api/regulation/calendars/gb-sct/holidays/2026-12-01', { name: 'x' }))
        .status,
    ).toBe(403);
    expect((await agent.json('PATCH', '/api/regulation/calendars/gb-sct', { name: 'x' })).status).toBe(403);
  });

  it('should run a mapped product line under its own profile and calendar', async () => {
    // given payment complaints mapped to the UK payment-services profile on the Iranian calendar
    const mapped = await admin.json('PUT', '/api/regulation/products/payments', {
      profileKey: 'uk-fca-payments',
      calendarKey: 'ir',
    });
    expect(mapped.status).toBe(200);
    expect(
      (await admin.json('PUT', '/api/regulation/products/cards', { profileKey: 'nowhere' })).status,
    ).toBe(422);

    // when a payment complaint arrives
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Pay Ment', email: uniqueEmail('pay') },
        product: 'payments',
        subject: 'Transfer never arrived',
        description: 'My transfer of last Monday never reached the payee.',
      }),
    });
    const { id } = (await res.json()) as { id: string };

    // then it runs under that profile and calendar, and its workflow counts on Fridays off
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
    expect(complaint).toMatchObject({ jurisdictionProfile: 'uk-fca-payments', calendarKey: 'ir' });
    const state = await eventually('the workflow to hold its variables', async () => {
      const s = await sys.temporal.workflow.getHandle(complaint.workflowId).query(complaintStateQuery);
      return s.variables.calendar ? s : undefined;
    });
    expect(state.variables.calendar).toMatchObject({ key: 'ir', weekend: [5], timeZone: 'Asia/Tehran' });
    expect(state.variables.clocks).toMatchObject({ finalResponse: { budget: 'P15BD', endOfDay: true } });
    const approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const clocks = await approver.json<{
      profile: string;
      clocks: { key: string; phase: string; dueAt: string }[];
    }>('GET', `/api/regulation/complaints/${id}/clocks`);
    expect(clocks.body.profile).toBe('uk-fca-payments');

    // and the complaint's outcome can be recorded for the returns, audited
    await eventually(
      'the complaint to be classified',
      async () => (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id })).department,
    );
    // (an agent outside the complaint's department does not see it)
    expect(
      (await agent.json('PUT', `/api/regulation/complaints/${id}/outcome`, { decision: 'upheld' })).status,
    ).toBe(404);
    const outcome = await approver.json('PUT', `/api/regulation/complaints/${id}/outcome`, {
      decision: 'partly_upheld',
      redressPaid: 25.5,
    });
    expect(outcome).toEqual({
      status: 200,
      body: { decision: 'partly_upheld', redressPaid: '25.50', rootCause: null },
    });
    expect(
      (await approver.json('PUT', `/api/regulation/complaints/${id}/outcome`, { decision: 'maybe' })).status,
    ).toBe(400);
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ complaintId: id, action: 'complaint.outcome_recorded' });
    expect(audit.data).toMatchObject({ after: { decision: 'partly_upheld', redressPaid: '25.50' } });
  });
});
