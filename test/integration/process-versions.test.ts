import { loadDefaultProcessXml } from '../../core/bpmn/default-process';
import { Complaint } from '../../core/db/entities';
import {
  completeTask,
  investigation,
  openTask,
  pathOf,
  state,
  answerSurvey,
  submitComplaint,
} from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** Version 2 of the default model: every remedy needs approval, whatever the amount. */
const alwaysApprove = (xml: string): string =>
  xml.replace('=remedyAmount &gt; approvalLimit or severity = "high"', '=true');

describe('deploying process versions', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem({
      PROCESS_DEFAULTS: JSON.stringify({
        approvalLimit: 100,
        sla: { surveyReminder: 'PT1H', surveyTimeout: 'PT1H' },
      }),
    });
    owner = await loginAs(sys, ['process_owner']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should keep a running complaint on version 1 while new ones start on version 2, and finish both on their own version', async () => {
    // given a complaint running on version 1, waiting in Investigate
    const v1 = await submitComplaint(sys, { email: uniqueEmail() });
    expect(v1.complaint.processVersion).toBe(1);
    await openTask(v1.handle, 'investigate');

    // when a process owner deploys version 2
    const deployed = await owner.json<{ key: string; version: number }>('POST', '/api/process-definitions', {
      xml: alwaysApprove(loadDefaultProcessXml()),
      comment: 'Every remedy needs approval',
    });
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ key: 'complaint', version: 2 });

    // then a new complaint runs on version 2
    const v2 = await submitComplaint(sys, { email: uniqueEmail() });
    expect(v2.complaint.processVersion).toBe(2);
    expect((await state(v2.handle)).processVersion).toBe(2);

    // and the same small remedy goes straight to resolution on v1, through approval on v2
    await completeTask(v1.handle, 'investigate', investigation(10, 'apology'));
    await completeTask(v2.handle, 'investigate', investigation(10, 'apology'));
    await openTask(v2.handle, 'approveRemedy');
    await completeTask(v2.handle, 'approveRemedy', { decision: 'approve' });
    for (const c of [v1, v2]) {
      await answerSurvey(c.handle, 5, true);
      await c.handle.result();
    }
    expect(await pathOf(sys, v1.complaint.id)).not.toContain('approveRemedy');
    expect(await pathOf(sys, v2.complaint.id)).toContain('approveRemedy');
    const versions = await sys.dataSource.query<{ processVersion: number }[]>(
      'SELECT DISTINCT "processVersion" FROM timeline_entry WHERE "complaintId" = $1',
      [v1.complaint.id],
    );
    expect(versions).toEqual([{ processVersion: 1 }]);
  });

  it('should reject a model with an unsupported element, naming it, and store nothing', async () => {
    const xml = loadDefaultProcessXml().replace(
      '<bpmn:serviceTask id="classify"',
      '<bpmn:scriptTask id="scriptThing" name="Run a script" /><bpmn:serviceTask id="classify"',
    );
    const before = await sys.ctx.processes.list('complaint');
    const res = await owner.json<{ error: string; details: { elementId: string; message: string }[] }>(
      'POST',
      '/api/process-definitions',
      { xml },
    );
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ elementId: 'scriptThing' })]),
    );
    expect(await sys.ctx.processes.list('complaint')).toHaveLength(before.length);
  });

  it('should reject a bad FEEL condition with the flow id', async () => {
    const xml = loadDefaultProcessXml().replace('=decision = "reject"', '=decision = = "reject" and (');
    const res = await owner.json<{ details: { elementId: string; message: string }[] }>(
      'POST',
      '/api/process-definitions',
      { xml },
    );
    expect(res.status).toBe(422);
    expect(res.body.details.map((d) => d.elementId)).toContain('remedyRejected');
  });

  it('should refuse hostile XML (entity expansion) with a clear message', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;</bpmn:definitions>`;
    const res = await owner.json<{ details: { message: string }[] }>('POST', '/api/process-definitions', {
      xml,
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.details)).toMatch(/DOCTYPE|entit/i);
  });

  it('should NOT let an agent deploy', async () => {
    const agent = await loginAs(sys, ['agent'], ['quality']);
    const res = await agent.json('POST', '/api/process-definitions', { xml: loadDefaultProcessXml() });
    expect(res.status).toBe(403);
  });
});

describe('long-lived complaints', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // A tiny history budget forces several continue-as-new hand-overs in one complaint.
    sys = await startTestSystem({
      CONTINUE_AS_NEW_AFTER_EVENTS: '40',
      PROCESS_DEFAULTS: JSON.stringify({
        approvalLimit: 100,
        sla: { surveyReminder: 'PT1H', surveyTimeout: 'PT1H' },
      }),
    });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should carry the engine state, open tasks and timers across continue-as-new and still finish', async () => {
    const { complaint, handle } = await submitComplaint(sys, { email: uniqueEmail() });
    await completeTask(handle, 'investigate', investigation(250));
    await completeTask(handle, 'approveRemedy', { decision: 'reject', reason: 'Try a repair' });
    await completeTask(handle, 'investigate', investigation(150, 'repair'));
    await completeTask(handle, 'approveRemedy', { decision: 'approve' });
    await answerSurvey(handle, 4, true);
    await handle.result();

    // then the workflow ran in more than one run, and nothing was lost or done twice
    // (the list is Temporal's visibility store, which catches up with closed runs a little later)
    const runs = await eventually('every run of the complaint in the workflow list', async () => {
      const ids: string[] = [];
      for await (const w of sys.temporal.workflow.list({ query: `WorkflowId = '${complaint.workflowId}'` }))
        ids.push(w.runId);
      return ids.length > 1 ? ids : undefined;
    });
    expect(runs.length).toBeGreaterThan(1);
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(row).toMatchObject({ status: 'closed', outcome: 'resolved' });
    const seq = await sys.dataSource.query<{ seq: number }[]>(
      'SELECT seq FROM timeline_entry WHERE "complaintId" = $1 ORDER BY seq',
      [complaint.id],
    );
    expect(seq.map((r) => r.seq)).toEqual(seq.map((_, i) => i + 1));
    const acks = await sys.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM outbound_message WHERE "complaintId" = $1 AND template = 'acknowledgment'`,
      [complaint.id],
    );
    expect(Number(acks[0]!.n)).toBe(1); // one email: this customer gave no phone number
  }, 180_000);
});
