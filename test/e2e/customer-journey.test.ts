import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { AuditEvent, Complaint, CustomerMessage, SurveyResponse } from '../../core/db/entities';
import { t } from '../../core/i18n';
import { state } from '../support/drive';
import {
  clientIp,
  openForm,
  pageText,
  postForm,
  trackingCodeOn,
  validFields,
} from '../support/customer-client';
import { mailOfKind, resolveToSurvey, surveyPathIn } from '../support/customer-journey';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

describe("a customer's journey end to end (real HTTP, SMTP listener and catcher, SMS sink, PostgreSQL, Temporal)", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({}, { inboundSmtp: true });
  });
  afterAll(async () => {
    await sys?.close();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sys.baseUrl}${path}`, {
      headers: { 'x-forwarded-for': clientIp(), ...headers },
    });
    return { status: res.status, html: await res.text() };
  };
  const postUrlencoded = async (path: string, body: Record<string, string>) => {
    const res = await fetch(`${sys.baseUrl}${path}`, {
      method: 'POST',
      body: new URLSearchParams(body),
      headers: { 'x-forwarded-for': clientIp() },
      redirect: 'manual',
    });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };

  it('should take a Persian complaint from the form, acknowledge it in Persian by email and SMS, track it, and close it on a satisfied survey', async () => {
    // given a Persian-speaking customer who opens the form and fills it in
    const email = uniqueEmail('fa-form');
    const phone = '+98 912 123 4567';
    const form = await openForm(sys, 'fa');
    expect(form.html).toMatch(/<html lang="fa" dir="rtl">/);
    await new Promise((r) => setTimeout(r, 3_100)); // a person takes a few seconds
    // when the form is posted as the browser would post it (with the hidden fields it was served with)
    const sent = await postForm(
      sys,
      {
        ...validFields({
          name: 'مریم رضایی',
          email,
          phone,
          messageLocale: 'fa',
          subject: 'قبض برق اشتباه است',
          description: 'قبض این ماه دو برابر ماه قبل است در حالی که مصرف تغییری نکرده است.',
          desiredRemedy: 'اصلاح قبض',
        }),
        idempotencyKey: form.idempotencyKey,
        stamp: form.stamp,
      },
      [],
      { lang: 'fa' },
    );
    expect(sent.status).toBe(200);
    const code = trackingCodeOn(sent.html)!;
    expect(code).toBeDefined();
    expect(sent.html).toContain(t('fa', 'form.success.title'));

    // then the acknowledgment email is in Persian, right to left, with the code
    const [ack] = await mailOfKind(sys, email, 'acknowledgment');
    expect(ack!.subject).toContain(code);
    expect(ack!.html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(ack!.text).toContain(code);
    // and the SMS is in the sink, in Persian too
    const sms = await eventually('the acknowledgment SMS', () =>
      sys.sms().find((s) => s.text.includes(code) && s.to === phone),
    );
    expect(sms.text).toMatch(/[\u0600-\u06ff]/);

    // and the tracking page shows the stage, what comes next, and the messages sent, in Persian
    const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ trackingCode: code });
    const handle = sys.temporal.workflow.getHandle(complaint.workflowId);
    await eventually(
      'the investigation stage on record',
      async () =>
        (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).stage ===
        'investigation',
    );
    const page = await get(`/track/${code}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(page.html).toContain(`data-testid="current-stage">${t('fa', 'stage.investigation')}<`);
    expect(page.html).toContain(t('fa', 'stage.acknowledged'));
    expect(pageText(page.html)).toContain(t('fa', 'stageHelp.investigation'));
    expect(page.html).toContain('data-testid="expected-by"');
    expect(pageText(page.html)).toContain(ack!.subject);

    // when the customer adds information on the tracking page
    const reply = new FormData();
    reply.append('message', 'شمارهٔ کنتور ۴۷۱۱ است.');
    reply.append('idempotencyKey', randomUUID());
    const added = await fetch(`${sys.baseUrl}/track/${code}/messages?lang=fa`, {
      method: 'POST',
      body: reply,
      redirect: 'manual',
      headers: { 'x-forwarded-for': clientIp() },
    });
    expect(added.status).toBe(303);
    // then it is stored, audited, sent to the workflow and shown
    const [message] = await sys.dataSource
      .getRepository(CustomerMessage)
      .findBy({ complaintId: complaint.id });
    expect(message).toMatchObject({ channel: 'web', body: 'شمارهٔ کنتور ۴۷۱۱ است.' });
    expect(message!.signalledAt).not.toBeNull();
    expect(
      await sys.dataSource
        .getRepository(AuditEvent)
        .countBy({ complaintId: complaint.id, action: 'customer.message' }),
    ).toBe(1);
    expect((await get(added.headers.get('location')!)).html).toContain('شمارهٔ کنتور ۴۷۱۱ است.');

    // when staff resolve it, the survey invitation links to the survey page
    await resolveToSurvey(sys, handle);
    const [invitation] = await mailOfKind(sys, email, 'survey-invitation');
    const surveyPath = surveyPathIn(invitation!);
    const survey = await get(surveyPath);
    expect(survey.status).toBe(200);
    expect(survey.html).toMatch(/<html lang="fa" dir="rtl">/);
    // opening the link answered nothing (mail scanners follow links)
    expect(await sys.dataSource.getRepository(SurveyResponse).countBy({ complaintId: complaint.id })).toBe(0);

    // when the customer submits a satisfied answer
    const answered = await postUrlencoded(surveyPath, { satisfaction: '5', solved: 'yes', comment: 'ممنون' });
    expect(answered.status).toBe(200);
    expect(answered.html).toContain(t('fa', 'survey.thanks.title'));

    // then the model closes the complaint
    await handle.result();
    const closed = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(closed).toMatchObject({ status: 'closed', stage: 'closed', outcome: 'resolved', satisfaction: 5 });
    const response = await sys.dataSource
      .getRepository(SurveyResponse)
      .findOneByOrFail({ complaintId: complaint.id });
    expect(response).toMatchObject({ satisfaction: 5, solved: true, comment: 'ممنون' });
    expect((await get(`/track/${code}`)).html).toContain(
      `data-testid="current-stage">${t('fa', 'stage.closed')}<`,
    );

    // and the same link cannot be used again: refused politely, nothing changes
    const again = await postUrlencoded(surveyPath, { satisfaction: '1', solved: 'no' });
    expect(again.status).toBe(410);
    expect(pageText(again.html)).toContain(t('fa', 'survey.alreadyAnswered'));
    expect(await sys.dataSource.getRepository(SurveyResponse).countBy({ complaintId: complaint.id })).toBe(1);
    expect((await get(surveyPath)).status).toBe(410);
    expect(await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).toMatchObject(
      { satisfaction: 5, outcome: 'resolved' },
    );
  });

  it('should take a complaint by email, acknowledge it, and reopen it on a dissatisfied survey', async () => {
    // given a customer who writes to the complaints address
    const from = uniqueEmail('mailer');
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: sys.inboundSmtpPort!, secure: false, ignoreTLS: true })
      .sendMail({
        from: `Ada Customer <${from}>`,
        to: sys.config.COMPLAINTS_ADDRESS,
        subject: 'Broken kettle',
        text: 'The kettle I bought last week stopped working after two days.',
        messageId: `<${randomUUID()}@mail.example.test>`,
      });
    // then they get the acknowledgment with the tracking code, in English
    const [ack] = await mailOfKind(sys, from, 'acknowledgment');
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { customer: { email: from } } });
    expect(complaint.channel).toBe('email');
    expect(ack!.subject).toBe(`We have received your complaint (${complaint.trackingCode})`);
    expect(ack!.html).toMatch(/<html lang="en" dir="ltr">/);
    // and, once answered, the tracking page shows the survey stage
    const handle = sys.temporal.workflow.getHandle(complaint.workflowId);
    await resolveToSurvey(sys, handle);
    expect((await get(`/track/${complaint.trackingCode}?lang=en`)).html).toContain(
      `data-testid="current-stage">${t('en', 'stage.survey')}<`,
    );

    // when the customer forgets the rating, nothing is recorded
    const [invitation] = await mailOfKind(sys, from, 'survey-invitation');
    const path = surveyPathIn(invitation!);
    const missing = await postUrlencoded(path, { comment: 'Still broken' });
    expect(missing.status).toBe(400);
    expect(pageText(missing.html)).toContain(t('en', 'customer.errors.satisfactionRequired'));
    expect(await sys.dataSource.getRepository(SurveyResponse).countBy({ complaintId: complaint.id })).toBe(0);
    // when they answer that the problem is not solved
    const answered = await postUrlencoded(path, { satisfaction: '2', solved: 'no', comment: 'Still broken' });
    expect(answered.status).toBe(200);
    expect(pageText(answered.html)).toContain(t('en', 'customer.survey.lookAgain'));

    // then the model reopens it: back to investigation, counted as a reopen
    await eventually('the reopened investigation', async () =>
      (await state(handle)).openTasks.some((task) => task.elementId === 'investigate'),
    );
    const reopened = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id });
    expect(reopened).toMatchObject({
      status: 'open',
      stage: 'investigation',
      reopenCount: 1,
      satisfaction: 2,
    });
    // and the old link is spent
    expect((await get(path)).status).toBe(410);
  });

  it('should refuse a forged or altered survey link without changing anything', async () => {
    const before = await sys.dataSource.getRepository(SurveyResponse).count();
    const someComplaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ channel: 'email' });
    const forgedPayload = Buffer.from(`${someComplaint.id}.w99`).toString('base64url');
    for (const token of [`${forgedPayload}.not-a-signature`, 'garbage', forgedPayload]) {
      const page = await get(`/survey/${token}`);
      expect(page.status).toBe(400);
      expect(pageText(page.html)).toContain(t('en', 'survey.invalidLink'));
      const post = await postUrlencoded(`/survey/${token}`, { satisfaction: '1', solved: 'no' });
      expect(post.status).toBe(400);
    }
    expect(await sys.dataSource.getRepository(SurveyResponse).count()).toBe(before);
  });

  it('should say a wrong tracking code was not found without telling unknown from malformed, and limit guessing', async () => {
    const ip = clientIp();
    const unknown = await fetch(`${sys.baseUrl}/track/RD-0000-0000-0000-0000?lang=en`, {
      headers: { 'x-forwarded-for': ip },
    });
    const malformed = await fetch(`${sys.baseUrl}/track/hello?lang=en`, {
      headers: { 'x-forwarded-for': ip },
    });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    const a = pageText(await unknown.text());
    const b = pageText(await malformed.text());
    expect(a).toContain(t('en', 'tracking.notFound'));
    expect(a).toBe(b);
    // the lookup form posts to the same check
    const lookup = await fetch(`${sys.baseUrl}/track`, {
      method: 'POST',
      body: new URLSearchParams({ code: 'RD-1111-1111-1111-1111' }),
      headers: { 'x-forwarded-for': ip },
    });
    expect(lookup.status).toBe(404);
    // guessing is rate-limited per address (failed lookups only)
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++)
      status = (
        await fetch(`${sys.baseUrl}/track/RD-0000-0000-0000-000${i % 10}`, {
          headers: { 'x-forwarded-for': ip },
        })
      ).status;
    expect(status).toBe(429);
  });
});
