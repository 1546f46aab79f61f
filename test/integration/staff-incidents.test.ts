import { AuditEvent, Complaint } from '../../core/db/entities';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** A complaint process whose second step always fails: `setStage` with a stage expression that yields nothing. */
const FAILING_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:redress="http://redress.dev/schema/bpmn/1.0" id="Definitions_incident" targetNamespace="http://redress.dev/test">
  <bpmn:process id="complaint" name="Complaint (incident test)" isExecutable="true">
    <bpmn:startEvent id="start" redress:stage="received" />
    <bpmn:serviceTask id="brokenStep" name="Broken step" redress:taskType="setStage">
      <bpmn:extensionElements>
        <redress:params>
          <redress:param name="stage" value="=missingStage" />
        </redress:params>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:userTask id="afterwards" name="Afterwards" redress:candidateGroups="quality" redress:stage="investigation" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="brokenStep" />
    <bpmn:sequenceFlow id="f2" sourceRef="brokenStep" targetRef="afterwards" />
    <bpmn:sequenceFlow id="f3" sourceRef="afterwards" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

interface IncidentJson {
  complaintId: string;
  waitId: string;
  elementId: string;
  message: string;
  confirmed: boolean;
}

describe('incidents: failed service tasks are listed and can be retried', () => {
  let sys: TestSystem;
  let approver: StaffClient;
  let owner: StaffClient;
  let complaint: Complaint;

  beforeAll(async () => {
    sys = await startTestSystem();
    owner = await loginAs(sys, ['process_owner'], [], 'owner');
    const deployed = await owner.json<{ version: number }>('POST', '/api/process-definitions', {
      xml: FAILING_PROCESS,
      comment: 'incident test',
    });
    if (deployed.status !== 201) throw new Error(`deploy failed: ${JSON.stringify(deployed.body)}`);
    approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Inez Incident', email: uniqueEmail('incident') },
        subject: 'Broken kettle',
        description: 'The kettle stopped working.',
      }),
    });
    complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ id: ((await res.json()) as { id: string }).id });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should list the incident from the workflow, show it on the complaint, and retry it (audited)', async () => {
    // given the step failed (no retry helps a configuration error)
    const state = await eventually('an incident in the workflow', async () => {
      const s = await sys.temporal.workflow.getHandle(complaint.workflowId).query(complaintStateQuery);
      return s.incidents.length ? s : undefined;
    });
    const incident = state.incidents[0]!;
    expect(incident.elementId).toBe('brokenStep');

    // then the incident list shows it (confirmed by the workflow) to approvers and process owners, and the complaint view too
    const list = await eventually('the incident in the list', async () => {
      const res = await approver.json<{ incidents: IncidentJson[] }>('GET', '/api/incidents');
      return res.body.incidents.find((i) => i.complaintId === complaint.id);
    });
    const ownersList = await owner.json<{ incidents: IncidentJson[] }>('GET', '/api/incidents');
    expect(ownersList.body.incidents.map((i) => i.waitId)).toContain(incident.waitId);
    expect(list).toMatchObject({ waitId: incident.waitId, elementId: 'brokenStep', confirmed: true });
    expect(list.message).toMatch(/stage/);
    const page = await approver.request('GET', '/staff/incidents');
    expect(await page.text()).toContain(complaint.trackingCode);
    const view = await approver.request('GET', `/staff/complaints/${complaint.id}`);
    const html = await view.text();
    expect(html).toContain('brokenStep');
    expect(html).toContain('action="/staff/incidents/retry"');

    // when an approver retries it
    const retried = await approver.json<{ retried: boolean }>('POST', '/api/incidents/retry', {
      complaintId: complaint.id,
      waitId: incident.waitId,
    });

    // then the workflow ran the step again (and, still misconfigured, it failed again: a new incident)
    expect(retried.status).toBe(200);
    expect(retried.body.retried).toBe(true);
    expect(
      await sys.dataSource
        .getRepository(AuditEvent)
        .findOneBy({ action: 'incident.retried', complaintId: complaint.id }),
    ).not.toBeNull();
    const again = await eventually('the step to fail again', async () => {
      const rows = await sys.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM "timeline_entry" WHERE "complaintId" = $1 AND "kind" = 'incident'`,
        [complaint.id],
      );
      return Number(rows[0]!.n) >= 2 ? true : undefined;
    });
    expect(again).toBe(true);

    // and retrying an incident that is not open any more is refused with a reason
    const stale = await approver.json<{ error: string }>('POST', '/api/incidents/retry', {
      complaintId: complaint.id,
      waitId: 'no-such-wait',
    });
    expect(stale.status).toBe(409);
  });

  it('should NOT let compliance retry, nor an agent of another group see the incident', async () => {
    const compliance = await loginAs(sys, ['compliance']);
    expect(
      (await compliance.json('POST', '/api/incidents/retry', { complaintId: complaint.id, waitId: 'x' }))
        .status,
    ).toBe(403);
    const agent = await loginAs(sys, ['agent'], ['sales']);
    // the complaint has no department (it was never classified) and no task of the agent's group: not theirs to see
    const res = await agent.json<{ incidents: IncidentJson[] }>('GET', '/api/incidents');
    expect(res.body.incidents.filter((i) => i.complaintId === complaint.id)).toEqual([]);
    expect(
      (await agent.json('POST', '/api/incidents/retry', { complaintId: complaint.id, waitId: 'x' })).status,
    ).toBe(404);
  });
});
