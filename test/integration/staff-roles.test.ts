import { AuditEvent, HumanTask } from '../../core/db/entities';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface InboxJson {
  tasks: { id: string; complaintId: string; elementId: string }[];
  query: { scope: string };
}

describe('staff roles: each role is refused what it must not do', () => {
  let sys: TestSystem;
  let complaintId: string;
  let taskId: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    // A broken product goes to the quality department's investigation.
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Role Customer', email: uniqueEmail('roles') },
        subject: 'Broken kettle',
        description: 'The kettle stopped working after two days.',
      }),
    });
    complaintId = ((await res.json()) as { id: string }).id;
    const task = await eventually('the investigation task', () =>
      sys.dataSource
        .getRepository(HumanTask)
        .findOneBy({ complaintId, elementId: 'investigate', status: 'open' })
        .then((t) => t ?? undefined),
    );
    taskId = task.id;
  });
  afterAll(async () => {
    await sys?.close();
  });

  const deploy = (client: StaffClient) =>
    client.json('POST', '/api/process-definitions', { xml: '<definitions/>' });

  it("should NOT let an agent deploy models, administer users or see another group's tasks", async () => {
    // given an agent of the sales department (the task belongs to quality)
    const sales = await loginAs(sys, ['agent'], ['sales'], 'sales-agent');

    // then deploying a model and administration are forbidden
    expect((await deploy(sales)).status).toBe(403);
    expect((await sales.json('GET', '/api/admin/users')).status).toBe(403);
    expect(
      (await sales.json('POST', '/api/admin/users', { email: uniqueEmail('x'), name: 'X', roles: ['admin'] }))
        .status,
    ).toBe(403);

    // and the quality task is neither listed, nor readable, nor claimable, nor completable
    const inbox = await sales.json<InboxJson>('GET', '/api/tasks?limit=100');
    expect(inbox.status).toBe(200);
    expect(inbox.body.tasks.map((t) => t.id)).not.toContain(taskId);
    expect((await sales.json('GET', `/api/tasks/${taskId}`)).status).toBe(404);
    expect((await sales.json('POST', `/api/tasks/${taskId}/claim`)).status).toBe(404);
    expect((await sales.json('POST', `/api/tasks/${taskId}/complete`, { data: {} })).status).toBe(404);
    // and widening the scope is silently not granted
    const all = await sales.json<InboxJson>('GET', '/api/tasks?scope=all&limit=100');
    expect(all.body.query.scope).toBe('mine');
    expect(all.body.tasks.map((t) => t.id)).not.toContain(taskId);
    // nor can they read the complaint, or reassign
    expect((await sales.json('GET', `/api/staff/complaints/${complaintId}`)).status).toBe(404);
    expect((await sales.json('POST', `/api/tasks/${taskId}/reassign`, { userId: sales.userId })).status).toBe(
      403,
    );
    expect((await sales.json('GET', '/api/staff/complaints?limit=100')).body).toMatchObject({ items: [] });
  });

  it('should let compliance read everything and change nothing', async () => {
    const compliance = await loginAs(sys, ['compliance'], [], 'compliance');

    // reads: every task, the complaint, users and groups, incidents
    const inbox = await compliance.json<InboxJson>('GET', '/api/tasks?scope=all&limit=100');
    expect(inbox.status).toBe(200);
    expect(inbox.body.tasks.map((t) => t.id)).toContain(taskId);
    expect((await compliance.json('GET', `/api/tasks/${taskId}`)).status).toBe(200);
    expect((await compliance.json('GET', `/api/staff/complaints/${complaintId}`)).status).toBe(200);
    expect((await compliance.json('GET', '/api/admin/users')).status).toBe(200);
    expect((await compliance.json('GET', '/api/admin/groups')).status).toBe(200);
    expect((await compliance.json('GET', '/api/incidents')).status).toBe(200);

    // changes: all refused
    const refused = await Promise.all([
      compliance.json('POST', `/api/tasks/${taskId}/claim`),
      compliance.json('POST', `/api/tasks/${taskId}/complete`, { data: {} }),
      compliance.json('POST', `/api/tasks/${taskId}/reassign`, { userId: compliance.userId }),
      compliance.json('POST', `/api/staff/complaints/${complaintId}/notes`, { body: 'A note' }),
      compliance.json('POST', `/api/staff/complaints/${complaintId}/info-requests`, {
        question: 'Anything else?',
      }),
      compliance.json('POST', '/api/staff/complaints', {
        channel: 'phone',
        customer: { name: 'A', email: uniqueEmail() },
        subject: 'Phone call',
        description: 'Called about a broken kettle.',
      }),
      compliance.json('POST', '/api/admin/users', { email: uniqueEmail('x'), name: 'X', roles: ['agent'] }),
      compliance.json('POST', '/api/admin/groups', { key: 'legal', name: 'Legal' }),
      compliance.json('POST', '/api/incidents/retry', { complaintId, waitId: 'w1' }),
      deploy(compliance),
    ]);
    expect(refused.map((r) => r.status)).toEqual(Array(refused.length).fill(403));
    expect(
      (await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: taskId })).assignee,
    ).toBeNull();
  });

  it("should let an approver see all tasks with the filter and reassign within the task's groups", async () => {
    const approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const quality = await loginAs(sys, ['agent'], ['quality'], 'quality-agent');
    const sales = await loginAs(sys, ['agent'], ['sales'], 'sales-agent');

    // the own scope holds only the approvers' tasks; `all` shows the quality task too
    const mine = await approver.json<InboxJson>('GET', '/api/tasks?limit=100');
    expect(mine.body.tasks.map((t) => t.id)).not.toContain(taskId);
    const all = await approver.json<InboxJson>('GET', '/api/tasks?scope=all&group=quality&limit=100');
    expect(all.body.tasks.map((t) => t.id)).toContain(taskId);

    // reassigning to someone outside the task's groups is refused (the workflow would refuse them)
    const wrong = await approver.json<{ error: string }>('POST', `/api/tasks/${taskId}/reassign`, {
      userId: sales.userId,
    });
    expect(wrong.status).toBe(422);
    // reassigning to a quality agent works and is audited
    const right = await approver.json<{ task: { assignee: string } }>(
      'POST',
      `/api/tasks/${taskId}/reassign`,
      { userId: quality.userId },
    );
    expect(right.status).toBe(200);
    expect(right.body.task.assignee).toBe(quality.email);
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'task.reassigned', entityId: taskId });
    expect(audit.actor).toBe(`user:${approver.userId}`);
    expect(audit.data).toMatchObject({ from: null, to: quality.email });
    // and the task is now in the quality agent's inbox as theirs; the approver takes it back
    const theirs = await quality.json<InboxJson>('GET', '/api/tasks?assigned=me');
    expect(theirs.body.tasks.map((t) => t.id)).toContain(taskId);
    expect((await approver.json('POST', `/api/tasks/${taskId}/unclaim`)).status).toBe(200);
    expect(
      (await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: taskId })).assignee,
    ).toBeNull();
  });

  it('should NOT let a process owner work on tasks, but let them deploy', async () => {
    const owner = await loginAs(sys, ['process_owner'], ['quality'], 'owner');
    expect((await owner.json('POST', `/api/tasks/${taskId}/claim`)).status).toBe(403);
    expect((await owner.json('POST', `/api/tasks/${taskId}/complete`, { data: {} })).status).toBe(403);
    // a broken model is refused on its merits (422), not for the role
    expect((await deploy(owner)).status).toBe(422);
  });

  it('should ask for a login without a session: 401 for the API, the login page for pages', async () => {
    expect((await fetch(`${sys.baseUrl}/api/tasks`)).status).toBe(401);
    expect((await fetch(`${sys.baseUrl}/api/admin/users`)).status).toBe(401);
    const page = await fetch(`${sys.baseUrl}/staff/inbox`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Finbox');
  });
});
