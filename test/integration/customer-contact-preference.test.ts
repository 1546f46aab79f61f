import { randomInt } from 'node:crypto';
import { Complaint, Customer, OutboundMessage } from '../../core/db/entities';
import {
  openForm,
  pageText,
  postForm,
  stampShownAgo,
  trackingCodeOn,
  validFields,
} from '../support/customer-client';
import { loginAs } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

describe('the customer chooses how to hear from us (real HTTP, PostgreSQL, Temporal, SMTP, SMS sink)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  // Customers are matched by email or phone: each test's customer has numbers of their own.
  const uniquePhone = (): string => `+44 7700 ${randomInt(100_000, 999_999)}`;

  /** The acknowledgment's outbox row on a channel, once the service task has dealt with it. */
  const acknowledgmentOn = (complaintId: string, channel: 'email' | 'sms') =>
    eventually(`the acknowledgment's ${channel} row`, async () => {
      const row = await sys.dataSource
        .getRepository(OutboundMessage)
        .findOneBy({ complaintId, channel, template: 'acknowledgment' });
      return row && (row.status === 'sent' || row.status === 'skipped') ? row : undefined;
    });

  const smsWith = (code: string) => sys.sms().filter((s) => s.text.includes(code));
  const mailWith = async (email: string, code: string) =>
    (await sys.mailTo(email)).filter((m) => m.text.includes(code));

  it('should acknowledge by email only, keep the phone number and record the SMS as not sent, when the customer chose email', async () => {
    // given a customer who types a phone number but asks to hear from us by email only
    const email = uniqueEmail('email-only');
    const phone = uniquePhone();
    const res = await postForm(sys, {
      ...validFields({ email, phone, contactPreference: 'email' }),
      idempotencyKey: (await openForm(sys)).idempotencyKey,
      stamp: stampShownAgo(sys),
    });
    expect(res.status).toBe(200);
    const code = trackingCodeOn(res.html)!;
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { trackingCode: code }, relations: { customer: true } });
    // then the choice is stored with the complaint, and the number is kept (not dropped)
    expect(complaint.contactPreference).toBe('email');
    expect(complaint.customer).toMatchObject({ email, phone });

    // and the acknowledgment comes by email
    await eventually('the acknowledgment email', async () =>
      (await mailWith(email, code)).length ? true : undefined,
    );
    // and not by SMS: the outbox says why, and the SMS provider never got it
    const sms = await acknowledgmentOn(complaint.id, 'sms');
    expect(sms).toMatchObject({
      status: 'skipped',
      recipient: phone,
      lastError: 'skipped: customer prefers email',
    });
    expect(smsWith(code)).toEqual([]);

    // and staff see the preference and the message not sent, on the complaint page
    const staff = await loginAs(sys, ['approver']);
    const page = pageText(await (await staff.request('GET', `/staff/complaints/${complaint.id}`)).text());
    expect(page).toContain('Contact preference By email');
    expect(page).toContain('Not sent on this channel: the customer’s contact preference is “By email”.');
    // and the customer sees it on the tracking page
    const tracking = pageText(await (await fetch(`${sys.baseUrl}/track/${code}?lang=en`)).text());
    expect(tracking).toContain('How we contact you By email');
  });

  it('should text a customer who chose SMS through the API and not email them, though they gave an address', async () => {
    // given a partner system that sends the customer's choice
    const email = uniqueEmail('sms-only');
    const phone = uniquePhone();
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Bao Customer', email, phone, locale: 'vi', contactPreference: 'sms' },
        subject: 'Late delivery',
        description: 'The parcel arrived two weeks after the promised date.',
      }),
    });
    expect(res.status).toBe(201);
    const { id, trackingCode } = (await res.json()) as { id: string; trackingCode: string };

    // then the acknowledgment comes by SMS, in the customer's language
    const [text] = await eventually('the acknowledgment SMS', async () =>
      smsWith(trackingCode).length ? smsWith(trackingCode) : undefined,
    );
    expect(text!.to).toBe(phone);
    // and the email is recorded as not sent, and never reaches the mailbox
    const mail = await acknowledgmentOn(id, 'email');
    expect(mail).toMatchObject({ status: 'skipped', lastError: 'skipped: customer prefers SMS' });
    expect(await mailWith(email, trackingCode)).toEqual([]);
  });

  it('should refuse a preference without its contact detail, and document the choice in the OpenAPI description', async () => {
    // when a partner system asks for SMS but sends no phone number
    const before = await sys.dataSource.getRepository(Customer).count();
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Ada', email: uniqueEmail('no-phone'), contactPreference: 'sms' },
        subject: 'Broken kettle',
        description: 'It stopped working after two days.',
      }),
    });
    // then it is told which field is missing, and nothing is stored
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { field: string; message: string }[] };
    expect(body.details).toContainEqual({
      field: 'customer.phone',
      message: 'Please give a phone number: the customer wants to hear from us by text message',
    });
    expect(await sys.dataSource.getRepository(Customer).count()).toBe(before);

    // and the OpenAPI description lists the choices
    const doc = (await (await fetch(`${sys.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
    };
    const intake = doc.paths['/api/complaints']!.post!.requestBody!.content['application/json']!.schema as {
      properties: { customer: { properties: Record<string, { enum?: string[]; description?: string }> } };
    };
    const preference = intake.properties.customer.properties.contactPreference!;
    expect(preference.enum).toEqual(['email', 'sms', 'both']);
    expect(preference.description).toContain('recorded as skipped');
  });

  it('should enter a phone complaint for a customer who wants text messages, and send them a question by SMS', async () => {
    // given an agent entering, on the page form, a complaint made by phone by a customer who wants texts
    const staff = await loginAs(sys, ['approver']);
    const email = uniqueEmail('phone-sms');
    const phone = uniquePhone();
    const form = await (await staff.request('GET', '/staff/complaints/new')).text();
    expect(form).toMatch(/<option value="sms"[^>]*>By text message<\/option>/);
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const fields = {
      _csrf: token,
      channel: 'phone',
      type: 'complaint',
      customerName: 'Ivan Customer',
      customerEmail: email,
      customerLocale: 'ru',
      customerContactPreference: 'sms',
      subject: 'Wrong bill',
      description: 'I was charged twice for the same month.',
    };
    const submit = (body: Record<string, string>) =>
      fetch(`${sys.baseUrl}/staff/complaints/new`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: staff.cookieHeader() },
        body: new URLSearchParams(body).toString(),
      });
    // when the phone number is forgotten, the form says so next to the field
    const refused = await submit(fields);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain(
      'Please give a phone number: the customer wants to hear from us by text message',
    );
    // when it is given
    const entered = await submit({ ...fields, customerPhone: phone });
    expect(entered.status).toBe(303);
    const id = /\/staff\/complaints\/([0-9a-f-]{36})/.exec(entered.headers.get('location') ?? '')![1]!;
    const { trackingCode, contactPreference } = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ id });
    expect(contactPreference).toBe('sms');
    // then the acknowledgment goes by SMS only
    await eventually('the acknowledgment SMS', async () => (smsWith(trackingCode).length ? true : undefined));
    expect((await acknowledgmentOn(id, 'email')).status).toBe('skipped');

    // when staff ask the customer a question
    const asked = await staff.json<{ delivery: { channel: string; status: string } }>(
      'POST',
      `/api/staff/complaints/${id}/info-requests`,
      { question: 'Which card were you charged on?' },
    );
    // then it goes by SMS too, not to the email address on file
    expect(asked.status).toBe(201);
    expect(asked.body.delivery).toMatchObject({ channel: 'sms', status: 'sent' });
    const question = smsWith(trackingCode).filter((s) => s.idempotencyKey.startsWith('note:'));
    expect(question.map((s) => s.to)).toEqual([phone]);
    expect(await mailWith(email, trackingCode)).toEqual([]);
  });
});
