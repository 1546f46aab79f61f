import { loadDefaultProcessXml } from '../../core/bpmn/default-process';
import { AuditEvent, Complaint } from '../../core/db/entities';
import { ensureDefaultProcess } from '../../web/default-process';
import { completeTask, investigation, openTask, submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** The shipped model as it was before the investigation form asked for the decision. */
const modelWithoutDecision = (): string =>
  loadDefaultProcessXml().replace(/\n\s*\{"id": "Field_complaintDecision"[^\n]*/g, '');

interface ReturnJson {
  closed: number;
  decisions: { key: string; count: number }[];
}

describe('the decision on the complaint in the investigation form (real Temporal, PostgreSQL)', () => {
  let sys: TestSystem;
  let compliance: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    compliance = await loginAs(sys, ['compliance'], [], 'decision-compliance');
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** Today's return (UTC day) for the default profile, by decision. */
  const todaysDecisions = async (): Promise<Record<string, number>> => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await compliance.json<ReturnJson>('GET', `/api/regulation/returns?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.decisions.map((d) => [d.key, d.count]));
  };

  const resolved = (id: string) =>
    eventually('the final response', async () => {
      const c = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
      return c.resolvedAt ? c : undefined;
    });

  it('should store the decision the investigator chose and count it in the return, whatever the remedy', async () => {
    // given a complaint investigated on the shipped model: a goodwill refund, but the complaint not upheld
    const { complaint, handle } = await submitComplaint(sys, { email: uniqueEmail('decision') });
    await completeTask(handle, 'investigate', investigation(30, 'refund', 'not_upheld'));

    // then the complaint records the decision, and the audit entry of the task says it
    const done = await resolved(complaint.id);
    expect(done.decision).toBe('not_upheld');
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ complaintId: complaint.id, action: 'task.completed' });
    expect(audit.data).toMatchObject({ elementId: 'investigate', complaintDecision: 'not_upheld' });
    // and the return counts it as not upheld (the remedy alone would have said upheld)
    expect(await todaysDecisions()).toEqual({ upheld: 0, partly_upheld: 0, not_upheld: 1 });

    // and the form refuses an answer without a decision
    const next = await submitComplaint(sys, { email: uniqueEmail('nodecision') });
    const { complaintDecision: _left, ...withoutDecision } = investigation(30);
    const refused = await completeTask(next.handle, 'investigate', withoutDecision).then(
      () => undefined,
      (error: Error & { cause?: Error }) => error,
    );
    expect(refused?.cause?.message).toMatch(/Invalid form data/);
  });

  it('should deploy the changed shipped model as a new version, keeping complaints started before on theirs', async () => {
    // given an installation whose latest version is the shipped model of before, and a complaint on it
    const old = await sys.ctx.processes.deploy(modelWithoutDecision(), 'system', 'shipped earlier');
    if (!old.ok) throw new Error(JSON.stringify(old.errors));
    const before = await submitComplaint(sys, { email: uniqueEmail('pinned') });
    expect(before.complaint.processVersion).toBe(old.definition.version);

    // when the upgraded app starts (twice: the second start changes nothing)
    await ensureDefaultProcess(sys.ctx.processes);
    await ensureDefaultProcess(sys.ctx.processes);

    // then the shipped model is the next version, once
    const latest = (await sys.ctx.processes.latest('complaint'))!;
    expect(latest.version).toBe(old.definition.version + 1);
    expect(latest.bpmnXml).toBe(loadDefaultProcessXml());
    const after = await submitComplaint(sys, { email: uniqueEmail('upgraded') });
    expect(after.complaint.processVersion).toBe(latest.version);
    const formKeys = async (h: typeof before.handle): Promise<string[]> =>
      ((await openTask(h, 'investigate')).form as { components: { key?: string }[] }).components.flatMap(
        (c) => (c.key ? [c.key] : []),
      );
    expect(await formKeys(after.handle)).toContain('complaintDecision');

    // and the complaint started before keeps its form without the field, completes without it, and
    // its return line falls back to the remedy (a refund: upheld)
    expect(await formKeys(before.handle)).not.toContain('complaintDecision');
    const { complaintDecision: _none, ...oldAnswer } = investigation(30, 'refund');
    await completeTask(before.handle, 'investigate', oldAnswer);
    expect((await resolved(before.complaint.id)).decision).toBeNull();
    expect((await todaysDecisions()).upheld).toBe(1);

    // and a process owner's own model is never replaced by the shipped one
    const own = await sys.ctx.processes.deploy(modelWithoutDecision(), 'user:owner', 'our own');
    if (!own.ok) throw new Error(JSON.stringify(own.errors));
    await ensureDefaultProcess(sys.ctx.processes);
    expect((await sys.ctx.processes.latest('complaint'))!.version).toBe(own.definition.version);
  });
});
