import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDefaultProcessXml } from '../../core/bpmn/default-process';
import { AuditEvent, TemplateVersion } from '../../core/db/entities';
import { TemplateStore } from '../../core/templates-store/template-store';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';

interface DeployError {
  error: string;
  details: { elementId: string; message: string; rule?: string }[];
}

const SHIPPED_TEXT = readFileSync(
  path.resolve(__dirname, '../../templates/messages/resolution/en/text.hbs'),
  'utf8',
);

describe('letter packs: mandatory clauses of final responses (real PostgreSQL)', () => {
  let sys: TestSystem;
  let owner: StaffClient;
  beforeAll(async () => {
    // An organisation under the UK profile from its first start.
    sys = await startTestSystem({ JURISDICTION_PROFILE: 'uk-fca' });
    owner = await loginAs(sys, ['process_owner'], [], 'owner');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it("should install the profile's standard wording into the final-response letters at the first deploy", async () => {
    // given the first start under uk-fca (the default model was deployed by the test system)
    const edits = await sys.dataSource.getRepository(TemplateVersion).find({ where: { kind: 'resolution' } });
    // then every language's plain-text and HTML letter was given the clauses, by the system, audited
    expect(edits.map((e) => `${e.locale}/${e.part}`).sort()).toEqual(
      ['en', 'fa', 'ru', 'vi'].flatMap((l) => [`${l}/html`, `${l}/text`]),
    );
    expect(edits.every((e) => e.editedBy === 'system' && e.comment?.startsWith('Letter pack uk-fca'))).toBe(
      true,
    );
    const en = edits.find((e) => e.locale === 'en' && e.part === 'text')!;
    expect(en.source).toContain('Financial Ombudsman Service, Exchange Tower, London E14 9SR');
    expect(en.source).toContain('within six months');
    const audited = await sys.dataSource
      .getRepository(AuditEvent)
      .countBy({ action: 'template.edited', actor: 'system' });
    expect(audited).toBe(8);
    // and no letter lacks a clause now
    const gaps = await owner.json<{ gaps: unknown[] }>('GET', '/api/regulation/letter-packs');
    expect(gaps).toEqual({ status: 200, body: { gaps: [] } });
  });

  it('should refuse to deploy a model whose final response lacks a clause, naming the task and the clause', async () => {
    // given the English letter edited back to the shipped text, without the ombudsman paragraphs
    await new TemplateStore(sys.dataSource).save({
      kind: 'resolution',
      locale: 'en',
      part: 'text',
      source: SHIPPED_TEXT,
      actor: 'user:test',
    });

    // when the process owner deploys the model
    const res = await owner.json<DeployError>('POST', '/api/process-definitions', {
      xml: loadDefaultProcessXml(),
    });

    // then it is refused: the notify task sending "resolution" lacks each clause in English plain text
    expect(res.status).toBe(422);
    expect(
      res.body.details.map((d) => [d.elementId, d.rule, d.message.match(/clause "(\w+)"/)?.[1]]),
    ).toEqual([
      ['notifyResolution', 'letter-pack', 'ombudsmanName'],
      ['notifyResolution', 'letter-pack', 'ombudsmanAddress'],
      ['notifyResolution', 'letter-pack', 'sixMonthNotice'],
      ['notifyResolution', 'letter-pack', 'rightToRefer'],
    ]);
    expect(res.body.details[2]!.message).toBe(
      'the final-response letter "resolution" lacks the mandatory clause "sixMonthNotice" (Says the customer has 6 months to refer the complaint) of jurisdiction profile uk-fca, in: en plain text',
    );

    // and the editor's preview check says the same of that text
    const check = await owner.json<{
      results: { profile: string; required: boolean; missing: { key: string }[] }[];
    }>('POST', '/api/regulation/letter-check', { kind: 'resolution', locale: 'en', text: SHIPPED_TEXT });
    expect(check.body.results).toEqual([
      {
        profile: 'uk-fca',
        required: true,
        missing: expect.arrayContaining([expect.objectContaining({ key: 'sixMonthNotice' })]) as unknown,
      },
    ]);

    // when the letter pack is installed again / then the deploy goes through
    const installed = await owner.json<{ installed: { locale: string; part: string }[] }>(
      'POST',
      '/api/regulation/letter-packs/uk-fca/install',
    );
    expect(installed.body.installed.map((g) => `${g.locale}/${g.part}`)).toEqual(['en/text']);
    expect(
      (await owner.json('POST', '/api/process-definitions', { xml: loadDefaultProcessXml() })).status,
    ).toBe(201);
  });

  it('should refuse a model whose timers follow a clock the profile does not have', async () => {
    const xml = loadDefaultProcessXml().replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=sla.investigationDeadline</bpmn:timeDuration>',
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">clock:regulatorDeadline-P2BD</bpmn:timeDuration>',
    );
    const res = await owner.json<DeployError>('POST', '/api/process-definitions', { xml });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      {
        elementId: 'investigationDeadline',
        rule: 'regulation-clocks',
        message: expect.stringContaining(
          'follows clock "regulatorDeadline", which jurisdiction profile uk-fca does not have',
        ) as unknown,
      },
    ]);
    // and one that follows the final-response clock is accepted
    const ok = loadDefaultProcessXml().replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=sla.investigationDeadline</bpmn:timeDuration>',
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">clock:finalResponse-P1W</bpmn:timeDuration>',
    );
    expect((await owner.json('POST', '/api/process-definitions', { xml: ok })).status).toBe(201);
  });
});

describe('letter packs in the template editor', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ JURISDICTION_PROFILE: 'uk-fca' });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should refuse a preview and a save of a final response that drops a mandatory clause, naming it', async () => {
    const owner = await loginAs(sys, ['process_owner']);
    const stripped = { kind: 'resolution', locale: 'en', part: 'html', source: '<p>{{response}}</p>' };
    const preview = await owner.json<{ error: string }>('POST', '/api/templates/preview', stripped);
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatch(/mandatory clauses: .*ombudsman/i);
    const save = await owner.json<{ error: string }>('PUT', '/api/templates/resolution/en/html', {
      source: stripped.source,
    });
    expect(save.status).toBe(422);
    // a message that is not a final response is not held to the letter pack
    const other = await owner.json('POST', '/api/templates/preview', {
      ...stripped,
      kind: 'stage-changed',
      source: '<p>{{stage}}</p>',
    });
    expect(other.status).toBe(200);
  });
});
