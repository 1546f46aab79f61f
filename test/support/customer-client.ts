import { randomInt } from 'node:crypto';
import { signFormStamp } from '../../core/intake/bot-protection';
import type { TestSystem } from './test-system';

/** A file to attach to a customer form. */
export interface UploadFile {
  name: string;
  type: string;
  content: Buffer;
}

/** Small real files of the allowed (and refused) kinds. */
export const FILES = {
  png: (): UploadFile => ({
    name: 'meter.png',
    type: 'image/png',
    // A 1×1 transparent PNG.
    content: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
  }),
  pdf: (): UploadFile => ({
    name: 'invoice.pdf',
    type: 'application/pdf',
    content: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  }),
  exeAsPdf: (): UploadFile => ({
    name: 'invoice.pdf',
    type: 'application/pdf',
    content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0x90)]),
  }),
  html: (): UploadFile => ({
    name: 'note.html',
    type: 'text/html',
    content: Buffer.from('<script>alert(1)</script>'),
  }),
  oversized: (): UploadFile => ({
    name: 'video.mp4',
    type: 'video/mp4',
    content: Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypisom'),
      Buffer.alloc(10 * 1024 * 1024 + 1024, 1),
    ]),
  }),
};

/** A made-up client address per test, sent as X-Forwarded-For (the app trusts the loopback proxy), so rate limits do not cross tests. */
export const clientIp = (): string => `198.51.100.${randomInt(1, 254)}`;

/** The hidden fields of the form page as served. */
export async function openForm(
  sys: TestSystem,
  lang = 'en',
  ip = clientIp(),
): Promise<{ status: number; html: string; idempotencyKey: string; stamp: string }> {
  const res = await fetch(`${sys.baseUrl}/complain?lang=${lang}`, { headers: { 'x-forwarded-for': ip } });
  const html = await res.text();
  const field = (name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  return { status: res.status, html, idempotencyKey: field('idempotencyKey'), stamp: field('stamp') };
}

/** A stamp as if the form had been shown `agoMs` ago (signed with the suite's secret). */
export const stampShownAgo = (sys: TestSystem, agoMs = 10_000): string =>
  signFormStamp(sys.ctx.secret, Date.now() - agoMs);

/** The fields of a valid complaint, for the form. */
export function validFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: 'complaint',
    name: 'Ada Customer',
    contactPreference: 'both',
    email: 'ada@example.test',
    phone: '+44 20 7946 0001',
    messageLocale: 'en',
    product: 'Kettle K-200',
    subject: 'Broken kettle',
    description: 'The kettle I bought last week stopped working after two days.',
    desiredRemedy: 'A replacement',
    consent: 'yes',
    website: '',
    ...overrides,
  };
}

/** Posts the complaint form as a browser does (multipart/form-data). */
export async function postForm(
  sys: TestSystem,
  fields: Record<string, string>,
  files: UploadFile[] = [],
  opts: { lang?: string; ip?: string } = {},
): Promise<{ status: number; html: string; headers: Headers }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append('attachments', new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
  const res = await fetch(`${sys.baseUrl}/complain?lang=${opts.lang ?? 'en'}`, {
    method: 'POST',
    body: form,
    headers: { 'x-forwarded-for': opts.ip ?? clientIp() },
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The tracking code on a confirmation page. */
export function trackingCodeOn(html: string): string | undefined {
  return /data-testid="tracking-code">(RD-[0-9A-Z-]+)</.exec(html)?.[1];
}

/** Decodes the HTML entities handlebars escapes, to compare page text. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
