import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateNotFoundError, TemplateRenderer, TemplateSyntaxError, sampleData } from '../renderer';

const SHIPPED = join(__dirname, '..');
let directory: string;

// A copy of the shipped templates that each test may break.
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'redress-templates-'));
  for (const folder of ['messages', 'layouts', 'partials'])
    cpSync(join(SHIPPED, folder), join(directory, folder), { recursive: true });
});

afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('template files', () => {
  it('should report a missing file as TemplateNotFoundError and leave that channel out of list()', () => {
    unlinkSync(join(directory, 'messages/closure/vi/sms.hbs'));
    const renderer = new TemplateRenderer({ directory });
    expect(() =>
      renderer.render({ kind: 'closure', locale: 'vi', channel: 'sms', data: sampleData('closure', 'vi') }),
    ).toThrow(new TemplateNotFoundError('messages/closure/vi/sms.hbs'));
    expect(renderer.list()).toContainEqual({ kind: 'closure', locale: 'vi', channels: ['email'] });
  });

  it('should refuse to start with a template that does not compile', () => {
    writeFileSync(join(directory, 'messages/closure/en/subject.hbs'), 'Closed {{#if}}');
    expect(() => new TemplateRenderer({ directory })).toThrow(TemplateSyntaxError);
    expect(() => new TemplateRenderer({ directory })).toThrow('messages/closure/en/subject.hbs');
  });

  it('should refuse to start with unescaped output in a shipped template', () => {
    writeFileSync(join(directory, 'partials/footer.hbs'), '<p>{{{trackingCode}}}</p>');
    expect(() => new TemplateRenderer({ directory })).toThrow(/partials\/footer\.hbs.*without HTML-escaping/);
  });

  it('should refuse a folder or file named after no kind, locale or part', () => {
    mkdirSync(join(directory, 'messages/closure/de'));
    expect(() => new TemplateRenderer({ directory })).toThrow('Unknown locale folder messages/closure/de');
    rmSync(join(directory, 'messages/closure/de'), { recursive: true });
    writeFileSync(join(directory, 'messages/closure/en/body.hbs'), 'x');
    expect(() => new TemplateRenderer({ directory })).toThrow(
      'Unknown template part messages/closure/en/body.hbs',
    );
  });

  it('should need both layouts', () => {
    unlinkSync(join(directory, 'layouts/text.hbs'));
    expect(() => new TemplateRenderer({ directory })).toThrow(new TemplateNotFoundError('layouts/text.hbs'));
  });
});
