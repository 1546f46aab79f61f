import {
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateRenderer,
  TemplateSyntaxError,
  sampleData,
  type RenderInput,
} from '../renderer';

const renderer = new TemplateRenderer();
const data = sampleData('acknowledgment');

describe('overrides (process-owner edits)', () => {
  it('should render an override instead of the file, with the same helpers and partials', () => {
    const email = renderer.render({
      kind: 'acknowledgment',
      locale: 'en',
      channel: 'email',
      data,
      overrides: {
        subject: 'Received: {{trackingCode}} (answer by {{formatDate expectedDate style="short"}})',
        html: '{{> greeting}}<p>Custom body for {{organisationName}}.</p>',
      },
    });
    expect(email.subject).toBe('Received: C-2026-004817 (answer by 02/04/2026)');
    expect(email.html).toContain(
      '<p style="margin:0 0 16px;">Dear Alex Morgan,</p>\n<p>Custom body for Northwind Energy.</p>',
    );
    expect(email.html).toContain('<html lang="en" dir="ltr">'); // still inside the layout
    expect(email.text).toContain('What happens next'); // parts without an override come from the files
  });

  it('should keep overrides separate when several are in use', () => {
    const renderOne = (sms: string) =>
      renderer.render({ kind: 'acknowledgment', locale: 'en', channel: 'sms', data, overrides: { sms } })
        .text;
    expect(renderOne('one {{trackingCode}}')).toBe('one C-2026-004817');
    expect(renderOne('two {{trackingCode}}')).toBe('two C-2026-004817');
    expect(renderOne('one {{trackingCode}}')).toBe('one C-2026-004817');
  });

  it('should still render correctly after the override cache evicted an entry', () => {
    const small = new TemplateRenderer({ overrideCacheSize: 1 });
    for (const word of ['a', 'b', 'a', 'b']) {
      const { text } = small.render({
        kind: 'closure',
        locale: 'en',
        channel: 'sms',
        data: sampleData('closure'),
        overrides: { sms: `${word}{{outcome}}` },
      });
      expect(text).toBe(`${word}resolved`);
    }
  });

  it('should throw TemplateSyntaxError naming the override when it does not compile', () => {
    const render = () =>
      renderer.render({
        kind: 'closure',
        locale: 'ru',
        channel: 'sms',
        data: sampleData('closure', 'ru'),
        overrides: { sms: 'Hi {{#if x}}' },
      });
    expect(render).toThrow(TemplateSyntaxError);
    expect(render).toThrow('override of messages/closure/ru/sms.hbs');
  });

  it('should escape customer data in an html override', () => {
    const { html } = renderer.render({
      kind: 'acknowledgment',
      locale: 'en',
      channel: 'email',
      data: { ...data, customerName: '<img src=x onerror=alert(1)>' },
      overrides: { html: '<p>{{customerName}}</p>' },
    });
    expect(html).toContain('<p>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>');
  });
});

describe('validateSource', () => {
  const sample = sampleData('info-request');

  it('should return the output of a valid source', () => {
    expect(renderer.validateSource('<p>{{multiline question}}</p>', sample)).toEqual({
      ok: true,
      output: `<p>${sample.question.replace('\n', '<br>\n')}</p>`,
    });
  });

  it('should render a plain-text part without HTML-escaping and a subject on one line', () => {
    expect(renderer.validateSource('Q:\n{{question}}', { question: 'a < b' }, { part: 'sms' })).toEqual({
      ok: true,
      output: 'Q:\na < b',
    });
    expect(
      renderer.validateSource('{{t "stage" "closed"}}\n!', {}, { part: 'subject', locale: 'vi' }),
    ).toEqual({ ok: true, output: 'Đã đóng !' });
  });

  it('should report a syntax error with its line', () => {
    const result = renderer.validateSource('<p>ok</p>\n<p>{{#if answerBy}}unclosed</p>', sample);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'syntax', line: 2 });
  });

  it('should report a missing variable by name', () => {
    const result = renderer.validateSource('<p>{{answerBy}} {{deadline}}</p>', sample);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'render', variable: 'deadline', line: 1 }),
    });
  });

  it('should report a missing variable passed to a helper or a partial', () => {
    expect(renderer.validateSource('{{formatDate dueOn}}', sample)).toMatchObject({
      ok: false,
      error: { variable: 'dueOn' },
    });
    expect(renderer.validateSource('{{> button url=formUrl label="Go"}}', sample)).toMatchObject({
      ok: false,
      error: { variable: 'formUrl', partial: 'button' },
    });
  });

  it('should reject unescaped output', () => {
    for (const source of ['<p>{{{question}}}</p>', '<p>{{& question}}</p>']) {
      expect(renderer.validateSource(source, sample)).toMatchObject({
        ok: false,
        error: { kind: 'syntax', line: 1 },
      });
    }
  });

  it('should reject an unknown helper and the removed log helper', () => {
    expect(renderer.validateSource('{{shout question}}', sample)).toMatchObject({
      ok: false,
      error: { kind: 'render' },
    });
    expect(renderer.validateSource('{{log question}}', sample)).toMatchObject({
      ok: false,
      error: { kind: 'render' },
    });
  });

  it('should reject an unknown partial and a translation key that does not exist', () => {
    expect(renderer.validateSource('{{> nope}}', sample)).toMatchObject({ ok: false });
    expect(renderer.validateSource('{{t "stage" "archived"}}', sample)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('stage.archived') },
    });
  });
});

describe('prototype tricks', () => {
  const sample = sampleData('acknowledgment') as Record<string, unknown>;
  const global = globalThis as { __redressPwned?: unknown };

  afterEach(() => {
    expect(global.__redressPwned).toBeUndefined();
  });

  it.each([
    '{{constructor.constructor}}',
    '{{constructor.constructor "return globalThis.__redressPwned = 1"}}',
    '{{#with constructor}}{{#with constructor}}{{this}}{{/with}}{{/with}}',
    '{{lookup (lookup this "constructor") "constructor"}}',
    '{{__proto__}}{{__proto__.constructor}}',
    '{{#each this}}{{@key}}{{/each}}{{trackingCode.constructor.name}}',
  ])('should refuse %s before it runs, naming what it reaches for', (source) => {
    const result = renderer.validateSource(source, sample, { part: 'text' });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'syntax',
        message: expect.stringMatching(/^"(constructor|__proto__)" is not message data/),
      }),
    });
  });

  it('should refuse the classic string.sub.apply payload before it runs', () => {
    const payload = `{{#with "s" as |string|}}
  {{#with "e"}}
    {{#with split as |conslist|}}
      {{this.pop}}
      {{this.push (lookup string.sub "constructor")}}
      {{this.pop}}
      {{#with string.split as |codelist|}}
        {{this.pop}}
        {{this.push "return globalThis.__redressPwned = 1;"}}
        {{this.pop}}
        {{#each conslist}}
          {{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}
        {{/each}}
      {{/with}}
    {{/with}}
  {{/with}}
{{/with}}`;
    const result = renderer.validateSource(payload, sample, { part: 'text' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'syntax', line: 5 } }); // the lookup of "constructor"
  });

  it('should still deny prototype methods at render time (the runtime check behind the compile-time one)', () => {
    const denied = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = renderer.validateSource('{{#with "s" as |string|}}{{string.split}}{{/with}}', sample, {
      part: 'text',
    });
    expect(result).toEqual({ ok: true, output: expect.not.stringMatching(/function|native code/) });
    expect(denied).toHaveBeenCalledWith(
      expect.stringContaining('Access has been denied to resolve the property "split"'),
    );
    denied.mockRestore();
  });

  it('should NOT take a __proto__ key in the data as the prototype', () => {
    const data = JSON.parse('{"__proto__": {"trackingCode": "HIJACK"}}') as Record<string, unknown>;
    expect(renderer.validateSource('{{trackingCode}}', data, { part: 'text' })).toMatchObject({
      ok: false,
      error: { variable: 'trackingCode' },
    });
  });
});

describe('render errors', () => {
  it('should throw TemplateRenderError naming the template and the variable', () => {
    const { expectedDate: _omitted, ...rest } = sampleData('acknowledgment');
    expect(() =>
      renderer.render({ kind: 'acknowledgment', locale: 'vi', channel: 'email', data: rest }),
    ).toThrow(
      new TemplateRenderError(
        'messages/acknowledgment/vi/html.hbs',
        '"expectedDate" is missing from the data',
        'expectedDate',
      ),
    );
  });

  it('should throw TemplateNotFoundError for an unknown kind, locale or channel', () => {
    const data = sampleData('closure');
    const attempts = [
      { kind: 'welcome', locale: 'en', channel: 'email' },
      { kind: 'closure', locale: 'de', channel: 'email' },
      { kind: 'closure', locale: 'en', channel: 'constructor' },
    ] as unknown as RenderInput[];
    for (const input of attempts)
      expect(() => renderer.render({ ...input, data })).toThrow(TemplateNotFoundError);
  });
});
