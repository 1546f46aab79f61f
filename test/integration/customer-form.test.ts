import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Attachment, AuditEvent, Complaint, Customer } from '../../core/db/entities';
import {
  clientIp,
  FILES,
  openForm,
  pageText,
  postForm,
  stampShownAgo,
  trackingCodeOn,
  validFields,
} from '../support/customer-client';
import { submitComplaint } from '../support/drive';
import { loginAs } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

describe('the public complaint form (real HTTP, PostgreSQL, Temporal, SMTP)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  const counts = async () => ({
    complaints: await sys.dataSource.getRepository(Complaint).count(),
    customers: await sys.dataSource.getRepository(Customer).count(),
    attachments: await sys.dataSource.getRepository(Attachment).count(),
    files: existsSync(path.join(sys.config.REDRESS_DATA_DIR, 'attachments'))
      ? readdirSync(path.join(sys.config.REDRESS_DATA_DIR, 'attachments')).length
      : 0,
  });

  it('should redirect / to the form and serve it in the language asked for, remembering it in a cookie', async () => {
    const root = await fetch(`${sys.baseUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/complain');

    // given a browser that prefers Russian
    const byHeader = await fetch(`${sys.baseUrl}/complain`, {
      headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' },
    });
    expect(await byHeader.text()).toMatch(/<html lang="ru" dir="ltr">/);

    // when the customer picks Persian with the switcher
    const fa = await fetch(`${sys.baseUrl}/complain?lang=fa`);
    const cookie = fa.headers.getSetCookie().find((c) => c.startsWith('redress.lang=fa'));
    expect(cookie).toBeDefined();
    expect(await fa.text()).toMatch(/<html lang="fa" dir="rtl">/);
    // then the next page without ?lang stays Persian
    const again = await fetch(`${sys.baseUrl}/complain`, {
      headers: { cookie: cookie!.split(';')[0]!, 'accept-language': 'en' },
    });
    expect(await again.text()).toMatch(/<html lang="fa" dir="rtl">/);
    // and no session cookie is ever set on the public form
    expect(fa.headers.getSetCookie().some((c) => c.startsWith('redress.sid'))).toBe(false);
  });

  it('should create a complaint with its attachments and show the tracking code, and acknowledge it by email and SMS', async () => {
    // given the form as served, filled in a person-like time later
    const email = uniqueEmail('form');
    const form = await openForm(sys);
    expect(form.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    // when it is posted with a photo and a PDF
    const res = await postForm(
      sys,
      { ...validFields({ email }), idempotencyKey: form.idempotencyKey, stamp: stampShownAgo(sys) },
      [FILES.png(), FILES.pdf()],
    );
    // then the confirmation page shows the tracking code
    expect(res.status).toBe(200);
    const code = trackingCodeOn(res.html);
    expect(code).toMatch(/^RD-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ trackingCode: code! });
    expect(complaint).toMatchObject({
      channel: 'web',
      type: 'complaint',
      subject: 'Broken kettle',
      product: 'Kettle K-200',
      desiredRemedy: 'A replacement',
    });

    // and the files are stored under random names with their sniffed type and hash
    const files = await sys.dataSource
      .getRepository(Attachment)
      .find({ where: { complaintId: complaint.id }, order: { originalName: 'ASC' } });
    expect(files.map((f) => [f.originalName, f.contentType])).toEqual([
      ['invoice.pdf', 'application/pdf'],
      ['meter.png', 'image/png'],
    ]);
    for (const f of files) {
      expect(f.storedName).toMatch(/^[0-9a-f]{36}$/);
      const stored = readFileSync(path.join(sys.config.REDRESS_DATA_DIR, 'attachments', f.storedName));
      expect(createHash('sha256').update(stored).digest('hex')).toBe(f.sha256);
    }
    const audit = await sys.dataSource
      .getRepository(AuditEvent)
      .findBy({ complaintId: complaint.id, action: 'attachment.added' });
    expect(audit).toHaveLength(1);

    // and the customer is acknowledged by email and SMS with the code
    const [ack] = await eventually('the acknowledgment email', async () =>
      (await sys.mailTo(email)).length ? sys.mailTo(email) : undefined,
    );
    expect(ack!.text).toContain(code);
    await eventually('the acknowledgment SMS', () => sys.sms().find((s) => s.text.includes(code!)));
  });

  it('should make ONE complaint when the same form is submitted twice (a double click)', async () => {
    const form = await openForm(sys);
    const fields = {
      ...validFields({ email: uniqueEmail('double') }),
      idempotencyKey: form.idempotencyKey,
      stamp: stampShownAgo(sys),
    };
    const before = await counts();
    const [a, b] = await Promise.all([
      postForm(sys, fields, [FILES.png()]),
      postForm(sys, fields, [FILES.png()]),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(trackingCodeOn(a.html)).toBe(trackingCodeOn(b.html));
    const after = await counts();
    expect(after.complaints - before.complaints).toBe(1);
    // and the repeat's file was not kept either
    expect(after.attachments - before.attachments).toBe(1);
    expect(after.files - before.files).toBe(1);
  });

  it('should store NOTHING when an attachment cannot be recorded, and accept the retried submission once', async () => {
    // given a database that refuses to record one of the files (a fault, as a full disk would be)
    await sys.dataSource.query(`
      CREATE FUNCTION refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."originalName" = 'invoice.pdf' THEN RAISE EXCEPTION 'no space left for invoice.pdf'; END IF;
        RETURN NEW;
      END $$`);
    await sys.dataSource.query(
      `CREATE TRIGGER refuse_invoice BEFORE INSERT ON "attachment" FOR EACH ROW EXECUTE FUNCTION refuse_invoice()`,
    );
    const email = uniqueEmail('atomic');
    const fields = {
      ...validFields({ email }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    };
    // intake's own audit entries (the workflows of earlier tests keep adding theirs)
    const audit = () =>
      sys.dataSource
        .getRepository(AuditEvent)
        .countBy({ action: In(['complaint.received', 'attachment.added']) });
    const before = { ...(await counts()), audit: await audit() };

    // when the customer sends a photo and the invoice
    const failed = await postForm(sys, fields, [FILES.png(), FILES.pdf()]);

    // then the submission fails as a whole: no complaint, no customer, no file, no audit entry, no message
    expect(failed.status).toBe(500);
    expect(pageText(failed.html)).toContain('Something went wrong on our side');
    expect({ ...(await counts()), audit: await audit() }).toEqual(before);
    expect(
      await sys.dataSource
        .getRepository(Complaint)
        .countBy({ idempotencyKey: `web-form:${fields.idempotencyKey}` }),
    ).toBe(0);

    // when the fault is gone and the customer sends the same form again (same idempotency key)
    await sys.dataSource.query(`DROP TRIGGER refuse_invoice ON "attachment"; DROP FUNCTION refuse_invoice()`);
    const retried = await postForm(sys, fields, [FILES.png(), FILES.pdf()]);
    const again = await postForm(sys, fields, [FILES.png(), FILES.pdf()]);

    // then one complaint exists, with both files, and the second retry changed nothing
    expect([retried.status, again.status]).toEqual([200, 200]);
    const code = trackingCodeOn(retried.html)!;
    expect(trackingCodeOn(again.html)).toBe(code);
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ trackingCode: code });
    const files = await sys.dataSource.getRepository(Attachment).findBy({ complaintId: complaint.id });
    expect(files.map((f) => f.originalName).sort()).toEqual(['invoice.pdf', 'meter.png']);
    const after = await counts();
    expect(after.complaints - before.complaints).toBe(1);
    expect(after.attachments - before.attachments).toBe(2);
    expect(after.files - before.files).toBe(2);
    // and the customer is acknowledged once
    const acknowledgments = async () =>
      (await sys.mailTo(email)).filter((m) => m.subject === `We have received your complaint (${code})`);
    await eventually('the acknowledgment email', async () =>
      (await acknowledgments()).length ? true : undefined,
    );
    expect(await acknowledgments()).toHaveLength(1);
  });

  it('should list every missing field in an error summary linked to the fields, and store nothing', async () => {
    const before = await counts();
    const res = await postForm(sys, {
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
      contactPreference: 'email',
      type: 'complaint',
      messageLocale: 'en',
      website: '',
    });
    expect(res.status).toBe(400);
    // the summary is announced and links to each field; each field points at its message
    expect(res.html).toMatch(/class="error-summary" role="alert"/);
    for (const field of ['name', 'email', 'subject', 'description', 'consent']) {
      expect(res.html).toContain(`href="#field-${field}"`);
      expect(res.html).toMatch(
        new RegExp(
          `id="field-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-${field}"|id="field-${field}"[^>]*aria-describedby="[^"]*field-${field}-error`,
        ),
      );
    }
    const text = pageText(res.html);
    expect(text).toContain('Please enter your name.');
    expect(text).toContain('Please confirm that we may use your data to handle your complaint.');
    expect(text).toContain('You chose to hear from us by email');
    expect(await counts()).toEqual(before);
  });

  it('should refuse a NUL character in a field with a message, and store nothing', async () => {
    const before = await counts();
    const res = await postForm(sys, {
      ...validFields({ description: 'The kettle stopped\u0000 working after two days, twice.' }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    });
    expect(res.status).toBe(400);
    expect(pageText(res.html)).toMatch(/NUL/);
    expect(await counts()).toEqual(before);
  });

  it('should refuse a NUL character in a reply on the tracking page, and record no message', async () => {
    // given a complaint and its tracking page
    const { complaint } = await submitComplaint(sys, { email: uniqueEmail('nul-reply') });
    // when a reply with a NUL character is sent
    const reply = new FormData();
    reply.append('message', 'Here is my account\u0000 number.');
    reply.append('idempotencyKey', randomUUID());
    const res = await fetch(`${sys.baseUrl}/track/${complaint.trackingCode}/messages`, {
      method: 'POST',
      body: reply,
      redirect: 'manual',
    });
    // then the page says what is wrong and nothing was recorded
    expect(res.status).toBe(400);
    expect(pageText(await res.text())).toMatch(/NUL/);
    const [row] = await sys.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "customer_message" WHERE "complaintId" = $1`,
      [complaint.id],
    );
    expect(row?.n).toBe(0);
  });

  it('should keep what was typed when the form is refused', async () => {
    const res = await postForm(sys, {
      ...validFields({ consent: '' }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    });
    expect(res.status).toBe(400);
    expect(res.html).toContain('value="Ada Customer"');
    expect(res.html).toContain('The kettle I bought last week stopped working after two days.</textarea>');
  });

  it('should refuse an oversized attachment and a file of the wrong type with a clear message, storing nothing', async () => {
    const before = await counts();
    const fields = {
      ...validFields({ email: uniqueEmail('bad-file') }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    };
    const res = await postForm(sys, fields, [FILES.png(), FILES.oversized(), FILES.exeAsPdf(), FILES.html()]);
    expect(res.status).toBe(400);
    const text = pageText(res.html);
    expect(text).toContain('The file video.mp4 is too large. Maximum size: 10 MB.');
    expect(text).toContain('The file invoice.pdf is of a type we cannot accept.');
    expect(text).toContain('The file note.html is of a type we cannot accept.');
    // the good file of the refused submission is not kept either
    expect(await counts()).toEqual(before);
  });

  it('should refuse more than five files', async () => {
    const before = await counts();
    const fields = {
      ...validFields({ email: uniqueEmail('many') }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    };
    const res = await postForm(
      sys,
      fields,
      Array.from({ length: 6 }, () => FILES.png()),
    );
    expect(res.status).toBe(400);
    expect(pageText(res.html)).toContain('Too many files. Maximum number of files: 5.');
    expect(await counts()).toEqual(before);
  });

  it('should refuse a bot: a form sent in under 3 seconds, a filled honeypot, a forged stamp', async () => {
    const before = await counts();
    const form = await openForm(sys);
    const fields = { ...validFields({ email: uniqueEmail('bot') }), idempotencyKey: form.idempotencyKey };
    // when the form comes back at once (the stamp the page was served with)
    const fast = await postForm(sys, { ...fields, stamp: form.stamp });
    expect(fast.status).toBe(400);
    expect(pageText(fast.html)).toContain('The form was sent very quickly');
    // a honeypot filled in
    const honey = await postForm(sys, {
      ...fields,
      stamp: stampShownAgo(sys),
      website: 'http://spam.example',
    });
    expect(honey.status).toBe(400);
    expect(pageText(honey.html)).toContain('Your complaint was not sent');
    // a stamp made up by the bot
    const forged = await postForm(sys, { ...fields, stamp: `${Date.now() - 60_000}.forged` });
    expect(forged.status).toBe(400);
    // a stamp from two days ago
    const stale = await postForm(sys, { ...fields, stamp: stampShownAgo(sys, 2 * 24 * 3600 * 1000) });
    expect(pageText(stale.html)).toContain('The form was open for a long time');
    expect(await counts()).toEqual(before);
  });

  it('should accept the form posted by a real client after waiting like a person', async () => {
    const form = await openForm(sys, 'vi');
    await new Promise((r) => setTimeout(r, 3_100));
    const res = await postForm(
      sys,
      {
        ...validFields({
          email: uniqueEmail('slow'),
          messageLocale: 'vi',
          contactPreference: 'email',
          phone: '',
        }),
        idempotencyKey: form.idempotencyKey,
        stamp: form.stamp,
      },
      [],
      { lang: 'vi' },
    );
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<html lang="vi"/);
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { trackingCode: trackingCodeOn(res.html)! }, relations: { customer: true } });
    // the contact preference is kept with the complaint; no phone number was given, so none is stored
    expect(complaint.contactPreference).toBe('email');
    expect(complaint.customer).toMatchObject({ locale: 'vi', phone: null });
  });

  it('should rate-limit submissions per client address', async () => {
    const ip = clientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postForm(sys, { name: '' }, [], { ip })).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // another address is not affected
    expect((await postForm(sys, { name: '' }, [], { ip: clientIp() })).status).toBe(400);
  });

  it('should serve attachments to staff only, as a download with a safe type', async () => {
    // given a complaint with a text file and a PNG
    const fields = {
      ...validFields({ email: uniqueEmail('files') }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    };
    const text = {
      name: 'notes <b>.txt',
      type: 'text/html',
      content: Buffer.from('<html><script>alert(1)</script></html>'),
    };
    const res = await postForm(sys, fields, [FILES.png(), text]);
    expect(res.status).toBe(200);
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ trackingCode: trackingCodeOn(res.html)! });

    // then an anonymous caller gets nothing
    const list = await fetch(`${sys.baseUrl}/api/attachments?complaintId=${complaint.id}`);
    expect(list.status).toBe(401);

    // and a member of staff who may see the complaint gets both, each as a download
    const compliance = await loginAs(sys, ['compliance']);
    const listed = await compliance.json<{ items: { id: string; originalName: string; url: string }[] }>(
      'GET',
      `/api/attachments?complaintId=${complaint.id}`,
    );
    expect(listed.status).toBe(200);
    const txt = listed.body.items.find((i) => i.originalName === 'notes <b>.txt')!;
    const download = await compliance.request('GET', txt.url);
    expect(download.status).toBe(200);
    // HTML sent as a .txt is served as text, never as HTML, never rendered inline
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="notes _b_.txt"; filename\*=UTF-8''notes%20%3Cb%3E.txt$/,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(await download.text()).toBe('<html><script>alert(1)</script></html>');

    const png = listed.body.items.find((i) => i.originalName === 'meter.png')!;
    const image = await compliance.request('GET', png.url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(FILES.png().content)).toBe(true);

    // an agent of another department may not read it
    const agent = await loginAs(sys, ['agent'], ['finance']);
    expect((await agent.request('GET', png.url)).status).toBe(404);
  });
});
