import {
  LOCALES,
  MESSAGE_KINDS,
  MESSAGE_VARIABLES,
  TemplateRenderError,
  TemplateRenderer,
  sampleData,
} from '../renderer';

const renderer = new TemplateRenderer();
const cases = MESSAGE_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const));

describe('every message kind in every locale', () => {
  it('should have an email and an SMS template for each kind × locale', () => {
    expect(renderer.list()).toHaveLength(MESSAGE_KINDS.length * LOCALES.length);
    for (const listing of renderer.list()) expect(listing.channels).toEqual(['email', 'sms']);
  });

  it.each(cases)('should render %s in %s as an email', (kind, locale) => {
    const email = renderer.render({ kind, locale, channel: 'email', data: sampleData(kind, locale) });
    expect(email.subject).not.toMatch(/\n/);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="[a-z]{2}" dir="(ltr|rtl)">/);
    expect(email.html).toContain('C-2026-004817');
    expect(email.text).toContain('https://complaints.northwind.example/');
    for (const output of [email.subject, email.html, email.text]) {
      expect(output).not.toMatch(/\{\{|\}\}/); // nothing left unrendered
      expect(output).not.toMatch(/\b(email|stage|stageHelp|outcome)\.[a-zA-Z]/); // no raw i18n key
    }
  });

  it.each(cases)('should render %s in %s as an SMS of at most 3 segments', (kind, locale) => {
    const sms = renderer.render({ kind, locale, channel: 'sms', data: sampleData(kind, locale) });
    expect(sms.text).toContain('C-2026-004817');
    expect(sms.text).toMatch(/https:\/\/complaints\.northwind\.example\//);
    expect(sms.segments).toBeGreaterThanOrEqual(1);
    expect(sms.segments).toBeLessThanOrEqual(3);
    if (locale === 'en') expect(sms.encoding).toBe('GSM-7'); // no curly quotes or dashes in English SMS
  });

  it.each(cases)('should render %s in %s with only the required variables', (kind, locale) => {
    const full = sampleData(kind, locale) as Record<string, unknown>;
    const data = Object.fromEntries(MESSAGE_VARIABLES[kind].required.map((name) => [name, full[name]]));
    expect(() => renderer.render({ kind, locale, channel: 'email', data })).not.toThrow();
    expect(() => renderer.render({ kind, locale, channel: 'sms', data })).not.toThrow();
  });

  it.each(MESSAGE_KINDS)('should list exactly the variables the %s sample data has', (kind) => {
    const { required, optional } = MESSAGE_VARIABLES[kind];
    expect(Object.keys(sampleData(kind)).sort()).toEqual([...required, ...optional].sort());
  });

  it.each(cases)('should name each required variable of %s in %s when it is missing', (kind, locale) => {
    for (const variable of MESSAGE_VARIABLES[kind].required) {
      for (const value of [undefined, null]) {
        const data = { ...sampleData(kind, locale), [variable]: value };
        let thrown: unknown;
        try {
          renderer.render({ kind, locale, channel: 'email', data });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(TemplateRenderError);
        expect([variable, (thrown as TemplateRenderError).variable]).toEqual([variable, variable]);
        // the first template that prints it: one of the message's own files, or the layout (organisationName)
        expect((thrown as TemplateRenderError).template).toMatch(
          new RegExp(`^(messages/${kind}/${locale}|layouts)/\\w+\\.hbs$`),
        );
      }
    }
  });

  it('should translate a remedy or outcome key and print any other text as written', () => {
    const resolution = renderer.render({
      kind: 'resolution',
      locale: 'ru',
      channel: 'email',
      data: { ...sampleData('resolution', 'ru'), remedy: 'replacement' },
    });
    expect(resolution.text).toContain('Что мы сделаем:\nЗамена');
    const closure = (outcome: string) =>
      renderer.render({
        kind: 'closure',
        locale: 'en',
        channel: 'sms',
        data: { ...sampleData('closure'), outcome },
      }).text;
    expect(closure('resolved-dissatisfied')).toContain(
      'Outcome: Answered (you told us you were not satisfied).',
    );
    expect(closure('Referred to the ombudsman')).toContain('Outcome: Referred to the ombudsman.');
  });
});
