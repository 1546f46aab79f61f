import { TemplateRenderer, sampleData } from '../renderer';

const renderer = new TemplateRenderer();
const SCRIPT = '<script>alert(1)</script>';

describe('customer data in emails', () => {
  it('should HTML-escape a customer name in the html part', () => {
    const data = { ...sampleData('acknowledgment'), customerName: SCRIPT };
    const { html } = renderer.render({ kind: 'acknowledgment', locale: 'en', channel: 'email', data });
    expect(html).not.toContain('<script');
    expect(html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,');
  });

  it('should keep the name as written in the plain-text part, where HTML means nothing', () => {
    const data = { ...sampleData('acknowledgment'), customerName: "O'Brien <Tom>" };
    const { text, subject } = renderer.render({
      kind: 'acknowledgment',
      locale: 'en',
      channel: 'email',
      data,
    });
    expect(text).toContain("Dear O'Brien <Tom>,");
    expect(subject).not.toContain('&');
  });

  it('should escape free text from staff and keep its line breaks', () => {
    const data = {
      ...sampleData('resolution'),
      response: `Line 1 ${SCRIPT}\nLine 2 "quoted" & done`,
      remedy: '<b>refund</b>',
    };
    const { html, text } = renderer.render({ kind: 'resolution', locale: 'en', channel: 'email', data });
    expect(html).toContain(
      'Line 1 &lt;script&gt;alert(1)&lt;/script&gt;<br>\nLine 2 &quot;quoted&quot; &amp; done',
    );
    expect(html).toContain('&lt;b&gt;refund&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<b>refund/);
    expect(text).toContain('Line 2 "quoted" & done');
  });

  it('should escape data placed in attributes and in the <title>', () => {
    const data = {
      ...sampleData('closure'),
      organisationName: 'A" onmouseover="x',
      trackingCode: '</title><script>',
    };
    const { html } = renderer.render({ kind: 'closure', locale: 'en', channel: 'email', data });
    expect(html).not.toContain('" onmouseover="x');
    expect(html).not.toContain('</title><script>');
    expect(html).toContain('<title>Your complaint &lt;/title&gt;&lt;script&gt; is closed</title>');
  });

  it('should still escape html after a text part used the same partials first', () => {
    const data = { ...sampleData('sla-apology'), customerName: SCRIPT };
    renderer.render({ kind: 'sla-apology', locale: 'ru', channel: 'sms', data });
    const { text, html } = renderer.render({ kind: 'sla-apology', locale: 'ru', channel: 'email', data });
    expect(text).toContain(SCRIPT);
    expect(html).not.toContain('<script');
  });

  it('should keep a subject on one line whatever the data contains', () => {
    const data = { ...sampleData('closure'), trackingCode: 'X\r\nBcc: victim@example.com' };
    const { subject } = renderer.render({ kind: 'closure', locale: 'en', channel: 'email', data });
    expect(subject).toBe('Your complaint X Bcc: victim@example.com is closed');
  });

  it('should NOT let a name pull in other translations', () => {
    const data = { ...sampleData('acknowledgment'), customerName: '$t(stage.closed) {{trackingCode}}' };
    const { text } = renderer.render({ kind: 'acknowledgment', locale: 'en', channel: 'email', data });
    expect(text).toContain('Dear $t(stage.closed) {{trackingCode}},');
  });

  it('should refuse a link that is not http(s)', () => {
    const data = { ...sampleData('survey-invitation'), surveyUrl: 'javascript:alert(1)' };
    expect(() =>
      renderer.render({ kind: 'survey-invitation', locale: 'en', channel: 'email', data }),
    ).toThrow(/not an http\(s\) link/);
  });
});
