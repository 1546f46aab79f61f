import { AuditEvent, OutboundMessage, TemplateVersion } from '../../core/db/entities';
import { submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface Problem {
  error: string;
  details?: { kind: string; message: string; line?: number; variable?: string };
}

describe('the template editor, the OpenAPI document and the development outbox (real servers)', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  let agent: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    owner = await loginAs(sys, ['process_owner']);
    agent = await loginAs(sys, ['agent'], ['quality']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const path = '/api/templates/acknowledgment/en/subject';

  it('should let every member of staff read a template with its shipped text', async () => {
    const res = await agent.json<{
      source: string;
      shippedSource: string;
      partVersion: number;
      canEdit: boolean;
    }>('GET', path);
    expect(res.status).toBe(200);
    expect(res.body.source).toContain('{{trackingCode}}');
    expect(res.body.shippedSource).toBe(res.body.source);
    expect(res.body).toMatchObject({ partVersion: 0, canEdit: false });
    const anonymous = await fetch(`${sys.baseUrl}${path}`);
    expect(anonymous.status).toBe(401);
  });

  it('should refuse a save by someone who is not a process owner, and store nothing', async () => {
    const res = await agent.json('PUT', path, { source: 'Hello {{trackingCode}}' });
    expect(res.status).toBe(403);
    expect(await sys.dataSource.getRepository(TemplateVersion).count()).toBe(0);
  });

  it('should refuse a broken edit at preview and at save with the reason', async () => {
    // a syntax error
    const syntax = await owner.json<Problem>('POST', '/api/templates/preview', {
      kind: 'acknowledgment',
      locale: 'en',
      part: 'html',
      source: '<p>{{#if trackingCode}}open</p>',
    });
    expect(syntax.status).toBe(422);
    expect(syntax.body.details).toMatchObject({ kind: 'syntax' });
    // a variable the message's data does not have
    const unknown = await owner.json<Problem>('PUT', path, { source: 'Complaint {{trackingCod}} received' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toMatchObject({ kind: 'render', variable: 'trackingCod' });
    expect(unknown.body.error).toContain('trackingCod');
    // unescaped output
    const raw = await owner.json<Problem>('PUT', path, { source: 'Complaint {{{trackingCode}}}' });
    expect(raw.status).toBe(422);
    expect(await sys.dataSource.getRepository(TemplateVersion).count()).toBe(0);
  });

  it('should preview an edit as the whole email and an SMS with its segment count', async () => {
    const email = await owner.json<{ channel: string; subject: string; html: string }>(
      'POST',
      '/api/templates/preview',
      {
        kind: 'acknowledgment',
        locale: 'fa',
        part: 'subject',
        source: 'دریافت شد: {{trackingCode}}',
      },
    );
    expect(email.status).toBe(200);
    expect(email.body.channel).toBe('email');
    expect(email.body.subject).toContain('دریافت شد');
    expect(email.body.html).toMatch(/<html lang="fa" dir="rtl">/);
    const sms = await owner.json<{ channel: string; encoding: string; segments: number }>(
      'POST',
      '/api/templates/preview',
      {
        kind: 'acknowledgment',
        locale: 'ru',
        part: 'sms',
        source: 'Жалоба {{trackingCode}} принята.',
      },
    );
    expect(sms.body).toMatchObject({ channel: 'sms', encoding: 'UCS-2', segments: 1 });
  });

  it('should save an edit as a new, audited version that the next acknowledgment uses and records', async () => {
    // when the process owner edits the English acknowledgment subject
    const saved = await owner.json<{ version: number }>('PUT', path, {
      source: 'We are on it: {{trackingCode}}',
      comment: 'Friendlier subject',
      baseVersion: 0,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'template.edited', entityId: 'acknowledgment/en/subject' });
    expect(audit.actor).toBe(`user:${owner.userId}`);
    expect(audit.data).toMatchObject({ version: 1, comment: 'Friendlier subject' });

    // and a save from an editor that started before it is refused
    const stale = await owner.json('PUT', path, { source: 'Old base {{trackingCode}}', baseVersion: 0 });
    expect(stale.status).toBe(409);

    // then a new complaint is acknowledged with the edited subject, and the outbox row says which version
    const email = uniqueEmail('edited');
    const { complaint } = await submitComplaint(sys, { email, phone: '+44 20 7946 0002' });
    const [ack] = await eventually('the acknowledgment', async () => {
      const mail = (await sys.mailTo(email)).filter(
        (m) => m.headers['x-redress-template'] === 'acknowledgment',
      );
      return mail.length ? mail : undefined;
    });
    expect(ack!.subject).toBe(`We are on it: ${complaint.trackingCode}`);
    const row = await sys.dataSource
      .getRepository(OutboundMessage)
      .findOneByOrFail({ complaintId: complaint.id, template: 'acknowledgment', channel: 'email' });
    expect(row.templateVersion).toBe(1);
    // the SMS part was not edited, but it belongs to the same set of texts
    const sms = await eventually('the acknowledgment SMS row', () =>
      sys.dataSource
        .getRepository(OutboundMessage)
        .findOneBy({ complaintId: complaint.id, template: 'acknowledgment', channel: 'sms' })
        .then((r) => r ?? undefined),
    );
    expect(sms.templateVersion).toBe(1);

    // and the history shows it
    const view = await agent.json<{ partVersion: number; history: { version: number; comment: string }[] }>(
      'GET',
      path,
    );
    expect(view.body.partVersion).toBe(1);
    expect(view.body.history).toEqual([
      expect.objectContaining({ version: 1, comment: 'Friendlier subject' }),
    ]);
    const old = await agent.json<{ openedSource: string }>('GET', `${path}?version=1`);
    expect(old.body.openedSource).toBe('We are on it: {{trackingCode}}');
  });

  it('should serve the editor page to staff and send others to the login page', async () => {
    const page = await owner.request('GET', '/staff/templates');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="template-editor"');
    expect(html).toContain('data-can-edit="true"');
    expect(html).toMatch(/<script type="module" src="\/assets\/[^"]+\.js"><\/script>/);
    const readOnly = await (await agent.request('GET', '/staff/templates')).text();
    expect(readOnly).toContain('data-can-edit="false"');
    const anonymous = await fetch(`${sys.baseUrl}/staff/templates`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
  });

  it('should describe the API in OpenAPI 3.1, generated from the schemas, and every public path should exist', async () => {
    const res = await fetch(`${sys.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                { schema: { properties?: Record<string, unknown>; required?: string[] } }
              >;
            };
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/health',
      '/api/complaints',
      '/api/complaints/{trackingCode}',
      '/api/openapi.json',
      '/api/templates',
      '/api/templates/{kind}/{locale}/{part}',
      '/api/templates/preview',
      '/api/attachments',
      '/api/attachments/{id}/content',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    // the intake body is the zod schema the endpoint validates with
    const intake = doc.paths['/api/complaints']!.post!.requestBody!.content['application/json']!.schema;
    expect(intake.required).toEqual(expect.arrayContaining(['customer', 'subject', 'description']));
    expect(Object.keys(intake.properties ?? {})).toEqual(
      expect.arrayContaining([
        'customer',
        'channel',
        'type',
        'subject',
        'description',
        'desiredRemedy',
        'product',
      ]),
    );
    // every documented GET without path parameters answers (not "No such API endpoint")
    for (const [p, ops] of Object.entries(doc.paths)) {
      if (!ops.get || p.includes('{')) continue;
      const answer = await fetch(`${sys.baseUrl}${p}`);
      expect([p, answer.status === 404 && (await answer.text()).includes('No such API endpoint')]).toEqual([
        p,
        false,
      ]);
    }
  });

  it('should list caught mail and stored SMS on the development outbox page, HTML in a sandboxed frame', async () => {
    // every customer's messages are on it, so a visitor is sent to the staff login first
    const anonymous = await fetch(`${sys.baseUrl}/dev/outbox`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/staff\/login/);
    const res = await agent.request('GET', '/dev/outbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sent mail and SMS');
    // the suite's SMS sink already holds the acknowledgments sent above
    expect(html).toMatch(/<td dir="auto" class="sms-text">[^<]*RD-/);
    expect(html).not.toMatch(/<iframe(?![^>]*sandbox="")/);
  });
});

describe('the development outbox in production', () => {
  it('should NOT exist', async () => {
    const sys = await startTestSystem({ NODE_ENV: 'production' });
    try {
      const res = await fetch(`${sys.baseUrl}/dev/outbox`);
      expect(res.status).toBe(404);
    } finally {
      await sys.close();
    }
  });
});
