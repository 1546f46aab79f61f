import { LOCALES, TemplateRenderer, isRtl, sampleData } from '../renderer';

const renderer = new TemplateRenderer();
const RLM = '\u200f';

describe('right-to-left messages', () => {
  const fa = renderer.render({
    kind: 'acknowledgment',
    locale: 'fa',
    channel: 'email',
    data: sampleData('acknowledgment', 'fa'),
  });

  it('should mark Persian emails lang="fa" and dir="rtl", also on the wrapper Gmail keeps', () => {
    expect(fa.html).toContain('<html lang="fa" dir="rtl">');
    expect(fa.html).toContain('<div lang="fa" dir="rtl"');
    expect(fa.html).toContain('text-align:right;');
    expect(fa.html).toContain('font-family:Tahoma');
  });

  it('should keep the tracking code left to right inside Persian text', () => {
    expect(fa.html).toContain('<span dir="ltr">C-2026-004817</span>');
    expect(fa.subject).toContain('\u2066C-2026-004817\u2069');
  });

  it('should start every Persian plain-text line with a right-to-left mark, except links', () => {
    const lines = fa.text.split('\n').filter((line) => /\p{L}/u.test(line));
    for (const line of lines) {
      if (line.startsWith('https://')) continue;
      expect(line.startsWith(RLM)).toBe(true);
    }
    expect(fa.text).toContain('\nhttps://complaints.northwind.example/t/C-2026-004817\n');
  });

  it('should format dates in the Persian calendar with Persian digits', () => {
    expect(fa.html).toContain('۱۳ فروردین ۱۴۰۵'); // 2026-04-02
  });

  it('should leave left-to-right languages alone', () => {
    const ru = renderer.render({
      kind: 'acknowledgment',
      locale: 'ru',
      channel: 'email',
      data: sampleData('acknowledgment', 'ru'),
    });
    expect(ru.html).toContain('<html lang="ru" dir="ltr">');
    expect(ru.text).not.toContain(RLM);
    expect(ru.text).not.toContain('\u2066');
    expect(ru.html).toContain('2 апреля 2026');
  });

  it('should know which locales are right to left', () => {
    expect(LOCALES.filter(isRtl)).toEqual(['fa']);
  });
});
