import { AuditEvent, Complaint, HumanTask } from '../../core/db/entities';
import { complaintStateQuery, type ComplaintState } from '../../workflows/complaint.messages';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface InboxTaskJson {
  id: string;
  complaintId: string;
  elementId: string;
  name: string;
  assignee: string | null;
  candidateGroups: string[];
}
interface InboxJson {
  tasks: InboxTaskJson[];
  counts: { total: number; group: Record<string, number> };
}
interface TaskJson {
  task: InboxTaskJson & {
    status: string;
    form: { components: { key?: string; type: string }[] } | null;
    workflowId: string;
  };
  mayClaim: boolean;
  mayComplete: boolean;
}

/** The keys of a form-js schema's fields (what the task's form really asks for). */
const formKeys = (form: TaskJson['task']['form']): string[] =>
  (form?.components ?? []).filter((c) => c.key).map((c) => c.key!);

describe('a complaint driven through the default process entirely by the staff HTTP interface', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // An approval limit of 100, so a refund of 250 needs an approver.
    sys = await startTestSystem({ PROCESS_DEFAULTS: JSON.stringify({ approvalLimit: 100 }) });
  });
  afterAll(async () => {
    await sys?.close();
  });

  const state = (workflowId: string): Promise<ComplaintState> =>
    sys.temporal.workflow.getHandle(workflowId).query(complaintStateQuery);

  /** Waits until the user's inbox shows an open task on `elementId` for this complaint. */
  const inboxTask = (client: StaffClient, complaintId: string, elementId: string): Promise<InboxTaskJson> =>
    eventually(`the ${elementId} task in ${client.email}'s inbox`, async () => {
      const res = await client.json<InboxJson>('GET', '/api/tasks?limit=100');
      expect(res.status).toBe(200);
      return res.body.tasks.find((t) => t.complaintId === complaintId && t.elementId === elementId);
    });

  it('should route a broken kettle to quality, let an agent investigate and an approver approve the refund', async () => {
    // given a complaint submitted through the public API
    const email = uniqueEmail('kettle');
    const submitted = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Kim Kettle', email, locale: 'en' },
        channel: 'web',
        subject: 'Broken kettle',
        description: 'The kettle I bought last week stopped working after two days.',
      }),
    });
    expect(submitted.status).toBe(201);
    const { id: complaintId } = (await submitted.json()) as { id: string };
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId });

    // and an agent of the quality department (where the classifier routes broken products)
    const agent = await loginAs(sys, ['agent'], ['quality'], 'quality-agent');

    // when the investigation task appears in the agent's inbox
    const investigate = await inboxTask(agent, complaintId, 'investigate');
    expect(investigate.candidateGroups).toEqual(['quality']);
    expect(investigate.assignee).toBeNull();
    expect(
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId })).department,
    ).toBe('quality');
    expect((await state(complaint.workflowId)).stage).toBe('investigation');

    // then its form (read from the task, as the page does) asks for the investigation's findings
    const detail = await agent.json<TaskJson>('GET', `/api/tasks/${investigate.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.mayClaim).toBe(true);
    const keys = formKeys(detail.body.task.form);
    expect(keys).toEqual(
      expect.arrayContaining([
        'findings',
        'complaintDecision',
        'remedyType',
        'remedyAmount',
        'response',
        'rootCause',
      ]),
    );

    // when the agent claims it
    const claimed = await agent.json<{ task: InboxTaskJson }>('POST', `/api/tasks/${investigate.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.task.assignee).toBe(agent.email);
    const afterClaim = await agent.json<TaskJson>('GET', `/api/tasks/${investigate.id}`);
    expect(afterClaim.body.mayComplete).toBe(true);

    // and completes it with a refund above the approval limit
    const data: Record<string, unknown> = {
      findings: 'The heating element failed: a known faulty batch.',
      complaintDecision: 'upheld',
      remedyType: 'refund',
      remedyAmount: 250,
      response: 'We are sorry. We will refund the kettle in full.',
      rootCause: 'Supplier batch defect',
    };
    expect(Object.keys(data).sort()).toEqual([...keys].sort());
    const completed = await agent.json<{ ok: boolean; stage?: string }>(
      'POST',
      `/api/tasks/${investigate.id}/complete`,
      { data },
    );

    // then the workflow accepted it and moved to approval
    expect(completed.status).toBe(200);
    expect(completed.body.ok).toBe(true);
    const row = await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: investigate.id });
    expect(row.status).toBe('completed');
    expect(row.completedBy).toBe(agent.email);
    const atApproval = await eventually('the approval task in the workflow', async () => {
      const s = await state(complaint.workflowId);
      return s.openTasks.some((t) => t.elementId === 'approveRemedy') ? s : undefined;
    });
    expect(atApproval.stage).toBe('approval');
    expect(atApproval.variables.remedyAmount).toBe(250);

    // and completing the same task again is refused with a reason, not silently ignored
    const again = await agent.json<{ error: string }>('POST', `/api/tasks/${investigate.id}/complete`, {
      data,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already completed/);

    // and the agent, not an approver, neither sees the approval task nor can complete it
    const approval = await eventually('the approval task row', () =>
      sys.dataSource
        .getRepository(HumanTask)
        .findOneBy({ complaintId, elementId: 'approveRemedy', status: 'open' })
        .then((t) => t ?? undefined),
    );
    const agentInbox = await agent.json<InboxJson>('GET', '/api/tasks?limit=100');
    expect(agentInbox.body.tasks.map((t) => t.id)).not.toContain(approval.id);
    const agentApproves = await agent.json('POST', `/api/tasks/${approval.id}/complete`, {
      data: { decision: 'approve', reason: 'me' },
    });
    expect(agentApproves.status).toBe(404);
    expect((await state(complaint.workflowId)).openTasks.some((t) => t.elementId === 'approveRemedy')).toBe(
      true,
    );

    // when an approver (group `approvers`) approves it from their inbox (completing claims it implicitly)
    const approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const approvalInInbox = await inboxTask(approver, complaintId, 'approveRemedy');
    expect(approvalInInbox.id).toBe(approval.id);
    const approvalForm = await approver.json<TaskJson>('GET', `/api/tasks/${approval.id}`);
    expect(formKeys(approvalForm.body.task.form)).toEqual(expect.arrayContaining(['decision', 'reason']));
    const approved = await approver.json<{ ok: boolean }>('POST', `/api/tasks/${approval.id}/complete`, {
      data: { decision: 'approve', reason: 'Within policy for a faulty batch.' },
    });

    // then the complaint moves on to resolution and the survey
    expect(approved.status).toBe(200);
    const resolved = await eventually('the complaint to pass approval', async () => {
      const s = await state(complaint.workflowId);
      return s.stage === 'resolution' || s.stage === 'survey' ? s : undefined;
    });
    expect(resolved.variables.decision).toBe('approve');
    expect(resolved.openTasks).toEqual([]);
    const approvalRow = await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: approval.id });
    expect(approvalRow.status).toBe('completed');
    expect(approvalRow.completedBy).toBe(approver.email);

    // and every step is in the audit trail, with who did it
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .find({ where: { complaintId }, order: { id: 'ASC' } });
    const trail = audit.map((a) => `${a.action}:${a.actor}`);
    expect(trail).toEqual(
      expect.arrayContaining([
        `task.claimed:user:${agent.userId}`,
        `task.completion_requested:user:${agent.userId}`,
        `task.completed:user:${agent.email}`,
        `task.claimed:user:${approver.userId}`,
        `task.completion_requested:user:${approver.userId}`,
        `task.completed:user:${approver.email}`,
      ]),
    );
    const implicit = audit.find((a) => a.action === 'task.claimed' && a.actor === `user:${approver.userId}`);
    expect(implicit?.data).toMatchObject({ implicit: true });
  });

  it('should give a task to exactly one of two agents claiming it at the same moment', async () => {
    // given an open investigation task and two agents of its group
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Race Customer', email: uniqueEmail('race') },
        subject: 'Broken toaster',
        description: 'The toaster is broken and smells of burnt plastic.',
      }),
    });
    const { id: complaintId } = (await res.json()) as { id: string };
    const [a, b] = await Promise.all([
      loginAs(sys, ['agent'], ['quality', 'safety'], 'a'),
      loginAs(sys, ['agent'], ['quality', 'safety'], 'b'),
    ]);
    const task = await inboxTask(a, complaintId, 'investigate');

    // when both claim at once
    const [ra, rb] = await Promise.all([
      a.json('POST', `/api/tasks/${task.id}/claim`),
      b.json('POST', `/api/tasks/${task.id}/claim`),
    ]);

    // then one wins and the other is told who was quicker
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect((loser.body as { error: string }).error).toMatch(/claimed this task/);
    const row = await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id });
    expect([a.email, b.email]).toContain(row.assignee);
    expect(
      await sys.dataSource.getRepository(AuditEvent).countBy({ action: 'task.claimed', entityId: task.id }),
    ).toBe(1);

    // and the loser cannot complete it, while releasing hands it back to the group
    const winner = row.assignee === a.email ? a : b;
    const other = winner === a ? b : a;
    const steal = await other.json('POST', `/api/tasks/${task.id}/complete`, { data: {} });
    expect(steal.status).toBe(409);
    expect((await winner.json('POST', `/api/tasks/${task.id}/unclaim`)).status).toBe(200);
    expect(
      (await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id })).assignee,
    ).toBeNull();
  });

  it('should refuse invalid form data with the reason, and accept the corrected answer', async () => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Form Customer', email: uniqueEmail('form') },
        subject: 'Damaged blender',
        description: 'The blender arrived damaged and does not start.',
      }),
    });
    const { id: complaintId } = (await res.json()) as { id: string };
    const agent = await loginAs(sys, ['agent'], ['quality']);
    const task = await inboxTask(agent, complaintId, 'investigate');

    // when required fields are missing
    const invalid = await agent.json<{ error: string }>('POST', `/api/tasks/${task.id}/complete`, {
      data: { remedyType: 'refund', remedyAmount: 10 },
    });

    // then the workflow's refusal comes back as 422 with its message, and the task stays open
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toMatch(/Invalid form data/);
    expect((await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id })).status).toBe(
      'open',
    );

    // when the answer is complete (a small remedy: no approval)
    const ok = await agent.json<{ ok: boolean }>('POST', `/api/tasks/${task.id}/complete`, {
      data: {
        findings: 'Damaged in transport.',
        complaintDecision: 'upheld',
        remedyType: 'replacement',
        remedyAmount: 40,
        response: 'A new blender is on its way.',
        rootCause: 'Courier handling',
      },
    });
    expect(ok.status).toBe(200);
    const c = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId });
    await eventually('the complaint to skip approval', async () =>
      ['resolution', 'survey'].includes((await state(c.workflowId)).stage ?? ''),
    );
  });
});
