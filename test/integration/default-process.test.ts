import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Complaint, OutboundMessage } from '../../core/db/entities';
import {
  answerSurvey,
  completeTask,
  investigation,
  openTask,
  pathOf,
  state,
  submitComplaint,
} from '../support/drive';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** Short SLA durations so the default model's timers fire in seconds, not days. */
const FAST = {
  approvalLimit: 100,
  sla: {
    investigation: 'PT1H',
    investigationReminderCycle: 'R1/PT1H',
    investigationDeadline: 'PT1H',
    surveyReminder: 'PT4S',
    surveyTimeout: 'PT4S',
  },
};

async function messagesOf(sys: TestSystem, complaintId: string): Promise<string[]> {
  const rows = await sys.dataSource
    .getRepository(OutboundMessage)
    .find({ where: { complaintId }, order: { createdAt: 'ASC' } });
  return rows.map((m) => `${m.template}/${m.channel}/${m.status}`);
}

/** With REDRESS_RECORD_HISTORIES=1, keeps the run's Temporal history for the replay test. */
async function maybeRecord(sys: TestSystem, workflowId: string, name: string): Promise<void> {
  if (!process.env.REDRESS_RECORD_HISTORIES) return;
  const history = await sys.temporal.workflow.getHandle(workflowId).fetchHistory();
  const dir = path.resolve(__dirname, '../histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify(
      temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
        longs: String,
        enums: String,
        bytes: String,
      }),
    ),
  );
}

describe('the default complaint process on the real Temporal server', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ PROCESS_DEFAULTS: JSON.stringify(FAST) });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should acknowledge, investigate, approve, resolve and close a satisfied complaint', async () => {
    // given a complaint with email and phone
    const email = uniqueEmail();
    const { complaint, handle } = await submitComplaint(sys, { email, phone: '+44 20 7946 0001' });

    // then the customer is acknowledged by email (with the tracking code) and SMS
    const [ack] = await eventually('the acknowledgment email', async () => {
      const mail = await sys.mailTo(email);
      return mail.length ? mail : undefined;
    });
    expect(ack!.text).toContain(complaint.trackingCode);
    await eventually('the acknowledgment SMS', () =>
      sys.sms().find((s) => s.text.includes(complaint.trackingCode)),
    );

    // and triage routed it to the quality group's Investigate task
    const task = await openTask(handle, 'investigate');
    expect(task.candidateGroups).toEqual(['quality']);
    expect((await state(handle)).stage).toBe('investigation');

    // when the agent proposes a remedy above the approval limit
    const afterInvestigation = await completeTask(handle, 'investigate', investigation(250));
    // then it waits for an approver
    expect(afterInvestigation.stage).toBe('approval');
    const approval = await openTask(handle, 'approveRemedy');
    expect(approval.candidateGroups).toEqual(['approvers']);

    // when approved, the resolution and the survey invitation go out
    await completeTask(handle, 'approveRemedy', { decision: 'approve', reason: 'Within policy' });
    await eventually('the survey stage', async () => (await state(handle)).stage === 'survey');

    // when the customer answers satisfied
    await answerSurvey(handle, 5, true);
    await handle.result();

    // then the complaint is closed with the outcome recorded and every message sent once
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(row).toMatchObject({
      stage: 'closed',
      status: 'closed',
      outcome: 'resolved',
      satisfaction: 5,
      remedyType: 'refund',
    });
    expect(row.acknowledgedAt).not.toBeNull();
    expect(row.resolvedAt).not.toBeNull();
    const sent = await messagesOf(sys, complaint.id);
    expect(sent).toEqual([
      'acknowledgment/email/sent',
      'acknowledgment/sms/sent',
      'stage-changed/email/sent',
      'stage-changed/sms/sent',
      'stage-changed/email/sent',
      'stage-changed/sms/sent',
      'resolution/email/sent',
      'resolution/sms/sent',
      'survey-invitation/email/sent',
      'survey-invitation/sms/sent',
      'closure/email/sent',
      'closure/sms/sent',
    ]);
    const mails = await sys.mailTo(email);
    expect(mails.map((m) => m.headers['x-redress-template'])).toEqual([
      'acknowledgment',
      'stage-changed',
      'stage-changed',
      'resolution',
      'survey-invitation',
      'closure',
    ]);
    expect(await pathOf(sys, complaint.id)).toEqual(
      expect.arrayContaining([
        'notifyAcknowledgment',
        'classify',
        'investigate',
        'approveRemedy',
        'notifyResolution',
        'surveyAnswered',
        'recordSatisfied',
        'closed',
      ]),
    );
    await maybeRecord(sys, complaint.workflowId, 'approved-satisfied');
  });

  it('should loop back to investigation when the approver rejects, then resolve on approval', async () => {
    const { complaint, handle } = await submitComplaint(sys, { email: uniqueEmail() });
    await completeTask(handle, 'investigate', investigation(300));
    // when the approver rejects with a reason
    await completeTask(handle, 'approveRemedy', { decision: 'reject', reason: 'Offer a repair first' });
    // then Investigate is open again and the reason is in the variables for the investigator
    await openTask(handle, 'investigate');
    expect((await state(handle)).variables.reason).toBe('Offer a repair first');
    await completeTask(handle, 'investigate', investigation(150, 'repair'));
    await completeTask(handle, 'approveRemedy', { decision: 'approve' });
    await answerSurvey(handle, 4, true);
    await handle.result();
    const path_ = await pathOf(sys, complaint.id);
    expect(path_.filter((e) => e === 'investigate')).toHaveLength(2);
    expect(path_.filter((e) => e === 'approveRemedy')).toHaveLength(2);
    await maybeRecord(sys, complaint.workflowId, 'rejected-then-approved');
  });

  it('should skip approval within the limit, reopen on a dissatisfied answer, then send a second dissatisfied one to supervisor review', async () => {
    const { complaint, handle } = await submitComplaint(sys, { email: uniqueEmail() });
    await completeTask(handle, 'investigate', investigation(20, 'discount'));
    // no approval needed: straight to the survey
    await answerSurvey(handle, 1, false);
    // then the complaint is reopened: Investigate again, reopenCount 1
    await openTask(handle, 'investigate');
    expect((await state(handle)).variables.reopenCount).toBe(1);
    await completeTask(handle, 'investigate', investigation(30, 'discount'));
    await answerSurvey(handle, 2, false);
    // a second dissatisfied answer goes to a supervisor
    const review = await openTask(handle, 'supervisorReview');
    expect(review.candidateGroups).toEqual(['supervisors']);
    await completeTask(handle, 'supervisorReview', {
      reviewNotes: 'Second refusal; goodwill gesture agreed.',
      finalResponse: 'We have reviewed your case again and added a goodwill credit.',
    });
    await handle.result();
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(row).toMatchObject({ status: 'closed', outcome: 'reviewed', reopenCount: 1 });
    expect(await pathOf(sys, complaint.id)).not.toContain('approveRemedy');
    await maybeRecord(sys, complaint.workflowId, 'dissatisfied-reopened');
  });

  it('should remind about the survey and close when it times out', async () => {
    const email = uniqueEmail();
    const { complaint, handle } = await submitComplaint(sys, { email });
    await completeTask(handle, 'investigate', investigation(10, 'apology'));
    // no answer: the reminder timer (4 s), then the time-out (4 s)
    await handle.result();
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(row).toMatchObject({ status: 'closed', outcome: 'survey-timed-out', satisfaction: null });
    const templates = (await sys.mailTo(email)).map((m) => m.headers['x-redress-template']);
    expect(templates).toContain('survey-reminder');
    expect(templates.at(-1)).toBe('closure');
    await maybeRecord(sys, complaint.workflowId, 'survey-timed-out');
  });
});

describe('SLA breach on the investigation', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({
      PROCESS_DEFAULTS: JSON.stringify({
        sla: {
          investigation: 'PT2S',
          investigationReminderCycle: 'R1/PT1S',
          investigationDeadline: 'PT3S',
          surveyReminder: 'PT1H',
          surveyTimeout: 'PT1H',
        },
      }),
    });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should remind, then escalate to a supervisor and apologise to the customer when the deadline passes', async () => {
    const email = uniqueEmail();
    const { complaint, handle } = await submitComplaint(sys, { email });
    const first = await openTask(handle, 'investigate');
    expect(first.dueAt).toBeGreaterThan(Date.now() - 60_000);
    // when nobody works on it past the deadline, the task is withdrawn and a supervisor gets it
    const supervisor = await openTask(handle, 'supervisorInvestigation', 30_000);
    expect(supervisor.candidateGroups).toEqual(['supervisors']);
    expect((await state(handle)).openTasks.map((t) => t.elementId)).not.toContain('investigate');
    const cancelled = await sys.dataSource.query<{ status: string }[]>(
      `SELECT status FROM human_task WHERE "workflowId" = $1 AND "elementId" = 'investigate'`,
      [complaint.workflowId],
    );
    expect(cancelled).toEqual([{ status: 'cancelled' }]);
    // and the reminder and the apology happened
    const path_ = await pathOf(sys, complaint.id);
    expect(path_).toEqual(expect.arrayContaining(['escalateReminder', 'escalateBreach', 'notifySlaApology']));
    await eventually('the apology email', async () =>
      (await sys.mailTo(email)).find((m) => m.headers['x-redress-template'] === 'sla-apology'),
    );
    expect(
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).priority,
    ).toBe('urgent');
    // the supervisor resolves it
    await completeTask(handle, 'supervisorInvestigation', investigation(50, 'replacement'));
    await answerSurvey(handle, 4, true);
    await handle.result();
    await maybeRecord(sys, complaint.workflowId, 'sla-breach-escalated');
  });
});
