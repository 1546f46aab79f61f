import { TemplateRenderer, type Locale } from '../renderer';

const renderer = new TemplateRenderer();
const RLM = '\u200f'; // plain-text Persian lines start with a right-to-left mark

function text(source: string, data: Record<string, unknown> = {}, locale: Locale = 'en'): string {
  const result = renderer.validateSource(source, data, { part: 'text', locale });
  if (!result.ok) throw new Error(result.error.message);
  return result.output;
}

describe('formatDate and formatDateTime', () => {
  it('should format a calendar day in each language, unshifted by any time zone', () => {
    const data = { day: '2026-04-02', timeZone: 'America/Los_Angeles' };
    expect(text('{{formatDate day}}', data, 'en')).toBe('2 April 2026');
    expect(text('{{formatDate day}}', data, 'fa')).toBe(`${RLM}۱۳ فروردین ۱۴۰۵`);
    expect(text('{{formatDate day}}', data, 'ru')).toBe('2 апреля 2026 г.');
    expect(text('{{formatDate day}}', data, 'vi')).toBe('2 tháng 4, 2026');
    expect(text('{{formatDate day style="short"}}', data, 'en')).toBe('02/04/2026');
  });

  it('should show a date-time in the time zone from the data', () => {
    const at = '2026-04-02T22:30:00Z';
    expect(text('{{formatDateTime at}}', { at }, 'en')).toBe('2 April 2026 at 22:30');
    expect(text('{{formatDateTime at}}', { at, timeZone: 'Asia/Tehran' }, 'en')).toBe(
      '3 April 2026 at 02:00',
    );
    expect(text('{{formatDate at}}', { at, timeZone: 'Asia/Tehran' }, 'en')).toBe('3 April 2026');
  });

  it('should reject something that is not a date', () => {
    expect(renderer.validateSource('{{formatDate x}}', { x: 'soon' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not a date') },
    });
  });
});

describe('formatDuration', () => {
  it('should spell out an ISO 8601 duration in each language', () => {
    expect(text('{{formatDuration "P3D"}}', {}, 'en')).toBe('3 days');
    expect(text('{{formatDuration "P3D"}}', {}, 'fa')).toBe(`${RLM}۳ روز`);
    expect(text('{{formatDuration "P3D"}}', {}, 'ru')).toBe('3 дня');
    expect(text('{{formatDuration "P3D"}}', {}, 'vi')).toBe('3 ngày');
    expect(text('{{formatDuration "P1DT2H"}}', {}, 'en')).toBe('1 day, 2 hours');
    expect(text('{{formatDuration "P8W"}}', {}, 'ru')).toBe('8 недель');
  });

  it('should take a number with a unit', () => {
    expect(text('{{formatDuration hours unit="hour"}}', { hours: 48 })).toBe('48 hours');
    expect(text('{{formatDuration 1}}', {})).toBe('1 day');
  });

  it('should reject a malformed duration', () => {
    for (const bad of ['"3 days"', '"P"', '"PT"']) {
      expect(renderer.validateSource(`{{formatDuration ${bad}}}`, {})).toMatchObject({ ok: false });
    }
  });
});

describe('link', () => {
  it('should join a base URL and encoded path segments', () => {
    expect(text('{{link base "t" code}}', { base: 'https://x.example/', code: 'A B/C' })).toBe(
      'https://x.example/t/A%20B/C',
    );
    expect(text('{{link base code}}', { base: 'https://x.example/app?lang=fa', code: 'Z9' })).toBe(
      'https://x.example/app/Z9?lang=fa',
    );
    expect(text('{{link url}}', { url: 'http://localhost:3000/s/abc' })).toBe('http://localhost:3000/s/abc');
  });

  it('should escape the joined URL in HTML', () => {
    expect(
      renderer.validateSource('<a href="{{link url}}">', { url: 'https://x.example/?a=1&b="2"' }),
    ).toEqual({
      ok: true,
      output: '<a href="https://x.example/?a&#x3D;1&amp;b&#x3D;%222%22">',
    });
  });

  it('should refuse other schemes', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd']) {
      expect(renderer.validateSource('{{link url}}', { url })).toMatchObject({ ok: false });
    }
  });
});

describe('t, eq, ltr and multiline', () => {
  it('should translate a key built from parts, with variables', () => {
    expect(text('{{t "stage" stage}}', { stage: 'triage' }, 'ru')).toBe('Первичная оценка');
    expect(text('{{t "email.greeting" name=who}}', { who: 'Lan' }, 'vi')).toBe('Kính gửi Quý khách Lan,');
  });

  it('should fall back to defaultValue for a value that is not a known key', () => {
    expect(text('{{t "remedy" r defaultValue=r}}', { r: 'refund' }, 'vi')).toBe('Hoàn tiền');
    expect(text('{{t "remedy" r defaultValue=r}}', { r: 'A new boiler. Fitted: Monday' })).toBe(
      'A new boiler. Fitted: Monday',
    );
    expect(renderer.validateSource('{{t "outcome" o defaultValue=o}}', { o: '' })).toMatchObject({
      ok: false,
    });
    expect(renderer.validateSource('{{t "outcome" o}}', { o: 'referred' })).toMatchObject({ ok: false });
  });

  it('should compare values', () => {
    expect(text('{{#if (eq stage "closed")}}done{{else}}open{{/if}}', { stage: 'closed' })).toBe('done');
    expect(text('{{#if (eq stage "closed")}}done{{else}}open{{/if}}', { stage: 'triage' })).toBe('open');
  });

  it('should isolate left-to-right text only in right-to-left languages', () => {
    expect(text('{{ltr code}}', { code: 'C-1' }, 'en')).toBe('C-1');
    expect(text('{{ltr code}}', { code: 'C-1' }, 'fa')).toBe(`${RLM}\u2066C-1\u2069`);
    expect(renderer.validateSource('{{ltr code}}', { code: '<C>' }, { locale: 'fa' })).toEqual({
      ok: true,
      output: '<span dir="ltr">&lt;C&gt;</span>',
    });
  });

  it('should turn line breaks into <br> in HTML only', () => {
    expect(renderer.validateSource('{{multiline note}}', { note: 'a\r\n<b>' })).toEqual({
      ok: true,
      output: 'a<br>\n&lt;b&gt;',
    });
    expect(text('{{multiline note}}', { note: 'a\r\nb' })).toBe('a\nb');
  });
});
