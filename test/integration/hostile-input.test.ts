import { AuditEvent, Complaint, ProcessDefinition, TemplateVersion } from '../../core/db/entities';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * Malformed and hostile input on the two places that take code-like text from people: the BPMN deploy
 * path (and the modeler endpoints beside it) and the template editor. Every case must be refused
 * cleanly (a 4xx naming the problem), leave nothing stored, leave Object.prototype alone and leave
 * the server answering. The web app runs in this process, so a polluted prototype would show here.
 * (Plain entity expansion, a script task and an unsupported element are in process-versions.test.ts;
 * the renderer's prototype tricks are unit-tested in templates/__tests__/overrides.test.ts.)
 */

type Problem = { error: string; details?: unknown };

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const MB = 1024 * 1024;

/** A little valid model with a user task, its form and a service task's parameters to tamper with. */
function model(opts: { form?: string; param?: string; extra?: string; name?: string } = {}): string {
  const form =
    opts.form ??
    '{"type": "default", "components": [{"id": "f1", "type": "textfield", "key": "note", "label": "Note"}]}';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" xmlns:redress="http://redress.dev/schema/bpmn/1.0" id="Defs" targetNamespace="http://redress.dev/test">
  <bpmn:process id="hostile" name="${opts.name ?? 'Hostile'}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review" redress:candidateGroups="quality">
      <bpmn:extensionElements><redress:form><![CDATA[${form}]]></redress:form></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:serviceTask id="stage" name="Close" redress:taskType="setStage">
      <bpmn:extensionElements><redress:params>
        <redress:param name="stage" value="closed" />${opts.param ?? ''}
      </redress:params></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:serviceTask>${opts.extra ?? ''}
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="stage" />
    <bpmn:sequenceFlow id="f3" sourceRef="stage" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}
]>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="D"><bpmn:process id="lolz" name="&lol9;" /></bpmn:definitions>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="D"><bpmn:process id="xxe" name="&xxe;" /></bpmn:definitions>`;

const deeplyNested = (depth: number): string =>
  `<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="D">${'<bpmn:extensionElements>'.repeat(depth)}${'</bpmn:extensionElements>'.repeat(depth)}</bpmn:definitions>`;

describe('hostile input on the deploy path and the template editor', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  let stored: () => Promise<Record<string, number>>;
  let before: Record<string, number>;
  const global = globalThis as { __redressPwned?: unknown };

  /** Raw request (another content type, or a body that is not JSON) with the owner's session. */
  const send = async (
    method: string,
    path: string,
    body: string,
    contentType: string,
  ): Promise<{ status: number; body: Problem }> => {
    const res = await fetch(`${sys.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': contentType,
        cookie: owner.cookieHeader(),
        'x-csrf-token': (await owner.json<{ csrfToken: string }>('GET', '/api/auth/csrf')).body.csrfToken,
      },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text.startsWith('{') ? JSON.parse(text) : { error: text }) as Problem,
    };
  };
  const deploy = (body: unknown) => owner.json<Problem>('POST', '/api/process-definitions', body);
  const deployXml = (xml: string) => send('POST', '/api/process-definitions', xml, 'application/xml');
  const saveTemplate = (source: string) =>
    owner.json<Problem>('PUT', '/api/templates/acknowledgment/en/text', { source });
  const preview = (source: string) =>
    owner.json<Problem>('POST', '/api/templates/preview', {
      kind: 'acknowledgment',
      locale: 'en',
      part: 'html',
      source,
    });

  beforeAll(async () => {
    sys = await startTestSystem();
    owner = await loginAs(sys, ['process_owner']);
    stored = async () => ({
      processVersions: await sys.dataSource.getRepository(ProcessDefinition).count(),
      templateVersions: await sys.dataSource.getRepository(TemplateVersion).count(),
      complaints: await sys.dataSource.getRepository(Complaint).count(),
      deployAudits: await sys.dataSource.getRepository(AuditEvent).countBy({ action: 'process.deployed' }),
    });
  });
  beforeEach(async () => {
    before = await stored();
  });
  afterEach(async () => {
    // nothing was stored, nothing reached Object.prototype or ran, and the server still answers
    expect(await stored()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(global.__redressPwned).toBeUndefined();
    expect((await fetch(`${sys.baseUrl}/api/health`)).status).toBe(200);
    expect((await owner.json('GET', '/api/process-definitions/hostile/versions')).status).toBe(200);
  });
  afterAll(async () => {
    await sys?.close();
  });

  describe('deploying a model', () => {
    it('should refuse broken XML, as JSON and as application/xml, saying it is not well-formed', async () => {
      // given models that are not XML, or not well-formed XML
      const broken = [
        model().replace('</bpmn:process>', ''),
        model().replace('<bpmn:endEvent id="end">', '<bpmn:endEvent id="end"'),
        '}{ not xml at all',
        '<bpmn:definitions xmlns:bpmn="x"><a></b></bpmn:definitions>',
      ];
      for (const xml of broken) {
        // when a process owner deploys them
        for (const res of [await deploy({ xml }), await deployXml(xml)]) {
          // then each is refused with the reason
          expect(res.status).toBe(422);
          expect(JSON.stringify(res.body)).toMatch(
            /not (well-formed )?XML|not closed|closing tag|unparsable/i,
          );
        }
      }
    });

    it('should refuse a 20 MB document with 413 before reading it all', async () => {
      // given a 20 MB model
      const huge = model().replace(
        '</bpmn:definitions>',
        `<!-- ${'x'.repeat(20 * MB)} --></bpmn:definitions>`,
      );

      // when it is sent as XML and as JSON
      const asXml = await deployXml(huge);
      const asJson = await deploy({ xml: huge });

      // then both are refused as too large
      expect(asXml.status).toBe(413);
      expect(asJson.status).toBe(413);
      expect(asJson.body.error).toMatch(/too large/i);
    });

    it('should refuse 10 000-deep nesting without parsing it', async () => {
      const res = await deploy({ xml: deeplyNested(10_000) });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.details)).toMatch(/nested more than 200 deep/);
    });

    it('should refuse billion laughs and an external entity (XXE) without expanding or reading anything', async () => {
      for (const xml of [billionLaughs, xxe]) {
        for (const res of [await deployXml(xml), await deploy({ xml })]) {
          expect(res.status).toBe(422);
          expect(JSON.stringify(res.body.details)).toMatch(/DOCTYPE and entity declarations are not allowed/);
          // nothing of /etc/passwd and no expansion came back
          expect(JSON.stringify(res.body)).not.toMatch(/root:|lollollol/);
        }
      }
      // and the same guard stands before the modeler's import and dry run
      for (const endpoint of ['import', 'dry-run']) {
        const res = await owner.json<Problem>('POST', `/api/process-definitions/${endpoint}`, { xml: xxe });
        expect([400, 422]).toContain(res.status);
        expect(JSON.stringify(res.body)).toMatch(/DOCTYPE/);
      }
    });

    it('should refuse a NUL character, raw or as a character reference, naming it', async () => {
      // a raw NUL in the JSON body is refused before any route, naming the field
      const inJson = await deploy({ xml: model({ name: 'a\u0000b' }) });
      expect(inJson.status).toBe(400);
      expect(inJson.body.error).toMatch(/xml must not contain NUL characters/);
      // in an XML body, and as a character reference (which the parser would decode), by the XML guard
      for (const res of [
        await deployXml(model({ name: 'a\u0000b' })),
        await deploy({ xml: model({ name: 'a&#0;b' }) }),
        await deploy({ xml: model({ name: 'a&#x0;b' }) }),
      ]) {
        expect(res.status).toBe(422);
        expect(JSON.stringify(res.body.details)).toMatch(/NUL character/);
      }
    });

    it('should refuse script tasks with code and elements Redress does not run, naming each, and run nothing', async () => {
      // given a model with a script trying to reach the process, a call activity and a complex gateway
      const xml = model({
        extra: `
    <bpmn:scriptTask id="runScript" name="Script" scriptFormat="javascript"><bpmn:script>globalThis.__redressPwned = require('child_process')</bpmn:script></bpmn:scriptTask>
    <bpmn:callActivity id="callOther" name="Call" calledElement="complaint" />
    <bpmn:complexGateway id="complex" />`,
      });

      // when it is deployed and dry-run
      const res = await deploy({ xml });
      const dry = await owner.json<Problem>('POST', '/api/process-definitions/dry-run', { xml });

      // then both refuse it, naming every unsupported element
      for (const r of [res, dry]) {
        expect(r.status).toBe(422);
        const ids = (r.body.details as { elementId: string }[]).map((d) => d.elementId);
        expect(ids).toEqual(expect.arrayContaining(['runScript', 'callOther', 'complex']));
      }
    });

    it('should refuse prototype-pollution keys in the JSON body, naming the key', async () => {
      // given deploy bodies with a valid model and a __proto__ or constructor.prototype key
      const xml = model();
      const bodies = [
        `{"xml": ${JSON.stringify(xml)}, "__proto__": {"polluted": "yes"}}`,
        `{"xml": ${JSON.stringify(xml)}, "constructor": {"prototype": {"polluted": "yes"}}}`,
        `{"xml": ${JSON.stringify(xml)}, "comment": {"__proto__": {"polluted": "yes"}}}`,
      ];
      for (const body of bodies) {
        // when they are sent as they are (JSON.stringify would drop __proto__)
        const res = await send('POST', '/api/process-definitions', body, 'application/json');

        // then they are refused, the key named
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/__proto__|constructor\.prototype/);
      }
      // and the same holds for the dry run's variables and answers, and a complaint's customer
      for (const [path, body] of [
        [
          '/api/process-definitions/dry-run',
          `{"xml": ${JSON.stringify(xml)}, "variables": {"__proto__": {"polluted": 1}}}`,
        ],
        [
          '/api/process-definitions/dry-run',
          `{"xml": ${JSON.stringify(xml)}, "answers": {"review": {"constructor": {"prototype": {"polluted": 1}}}}}`,
        ],
        [
          '/api/complaints',
          '{"customer": {"name": "A", "email": "a@example.test", "__proto__": {"polluted": 1}}, "subject": "s", "description": "d"}',
        ],
      ] as const) {
        const res = await send('POST', path, body, 'application/json');
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/__proto__|constructor\.prototype/);
      }
    });

    it('should refuse prototype keys in a form and in service task parameters, naming the element', async () => {
      const forms = [
        '{"__proto__": {"polluted": true}, "components": []}',
        '{"components": [{"constructor": {"prototype": {"polluted": true}}}]}',
        '{"components": [{"id": "f", "type": "textfield", "key": "__proto__", "label": "x"}]}',
        '{"components": [{"id": "f", "type": "textfield", "key": "constructor", "label": "x"}]}',
      ];
      for (const form of forms) {
        const res = await deploy({ xml: model({ form }) });
        expect(res.status).toBe(422);
        expect(res.body.details).toEqual([
          expect.objectContaining({ elementId: 'review', message: expect.stringMatching(/prototype/) }),
        ]);
      }
      const param = await deploy({ xml: model({ param: '<redress:param name="__proto__" value="x" />' }) });
      expect(param.status).toBe(422);
      expect(param.body.details).toEqual([
        expect.objectContaining({ elementId: 'stage', message: expect.stringContaining('"__proto__"') }),
      ]);
    });

    it('should accept the same small model when nothing in it is hostile (so each refusal above is for its hostile part)', async () => {
      const res = await owner.json<{ completed: boolean }>('POST', '/api/process-definitions/dry-run', {
        xml: model(),
      });
      expect(res.status).toBe(200);
    });
  });

  describe('the template editor', () => {
    it('should refuse template code that tries to reach the process, at preview and at save', async () => {
      const attempts = [
        '{{constructor.constructor "return process"}}',
        '{{#with (lookup this "constructor")}}{{#with (lookup this "constructor")}}{{this "globalThis.__redressPwned = process"}}{{/with}}{{/with}}',
        '{{lookup (lookup this "constructor") "constructor"}}',
        '{{#with __proto__}}{{constructor}}{{/with}}',
      ];
      for (const source of attempts) {
        for (const res of [await preview(source), await saveTemplate(source)]) {
          expect(res.status).toBe(422);
          expect(res.body.error).toMatch(/"(constructor|__proto__)" is not message data/);
          expect(JSON.stringify(res.body)).not.toMatch(/native code|\[object process\]/);
        }
      }
    });

    it('should refuse a partial that does not exist and an unclosed block, saying where', async () => {
      const partial = await saveTemplate('Hello {{> ../../../../etc/passwd}} and {{> evil}}');
      expect(partial.status).toBe(422);
      expect(partial.body.error).toMatch(/partial/i);

      const unclosed = await preview('<p>{{#if trackingCode}}open</p>\n<p>{{#each x}}');
      expect(unclosed.status).toBe(422);
      expect(unclosed.body.details).toMatchObject({ kind: 'syntax' });
    });

    it('should refuse raw {{{ }}} and {{& }} output of customer data', async () => {
      for (const source of ['<p>{{{customerName}}}</p>', '<p>{{& customerName}}</p>']) {
        const res = await saveTemplate(source);
        expect(res.status).toBe(422);
        expect(res.body.error).toMatch(/HTML-escaping/);
      }
    });

    it('should refuse a huge template with the limit, and a 20 MB body with 413', async () => {
      const long = await saveTemplate(`{{trackingCode}}${'x'.repeat(100_001)}`);
      expect(long.status).toBe(400);
      expect(JSON.stringify(long.body.details)).toMatch(/at most 100000 characters/);

      const huge = await saveTemplate('x'.repeat(20 * MB));
      expect(huge.status).toBe(413);
    });

    it('should refuse prototype-pollution keys in the JSON body', async () => {
      const res = await send(
        'PUT',
        '/api/templates/acknowledgment/en/text',
        '{"source": "Hello {{trackingCode}}", "__proto__": {"polluted": "yes"}}',
        'application/json',
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/__proto__/);
    });
  });
});
