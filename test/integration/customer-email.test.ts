import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { Attachment, AuditEvent, Complaint, Customer, CustomerMessage } from '../../core/db/entities';
import { FILES } from '../support/customer-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

describe('the complaints mailbox (real SMTP listener, PostgreSQL, Temporal)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({}, { inboundSmtp: true });
  });
  afterAll(async () => {
    await sys?.close();
  });

  const send = (mail: Mail.Options) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: sys.inboundSmtpPort!, secure: false, ignoreTLS: true })
      .sendMail({ to: sys.config.COMPLAINTS_ADDRESS, ...mail });

  const ackTo = (address: string) =>
    eventually(`the acknowledgment to ${address}`, async () => {
      const mail = (await sys.mailTo(address)).filter(
        (m) => m.headers['x-redress-template'] === 'acknowledgment',
      );
      return mail.length ? mail : undefined;
    });

  it('should turn a Persian email into a complaint and acknowledge it in Persian, right to left', async () => {
    // given a customer writing in Persian
    const from = uniqueEmail('maryam');
    const messageId = `<${randomUUID()}@mail.example.test>`;
    // when the email reaches the complaints address
    await send({
      from: `مریم رضایی <${from}>`,
      subject: 'قبض برق اشتباه است',
      text: 'قبض این ماه دو برابر ماه قبل است در حالی که مصرف ما تغییری نکرده است.',
      messageId,
    });
    // then it is a complaint from the sender, in Persian, by email
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { idempotencyKey: `email:${messageId}` }, relations: { customer: true } });
    expect(complaint).toMatchObject({ channel: 'email', subject: 'قبض برق اشتباه است' });
    expect(complaint.description).toContain('دو برابر');
    expect(complaint.customer).toMatchObject({ email: from, name: 'مریم رضایی', locale: 'fa' });
    // and the acknowledgment is in Persian, laid out right to left, with the tracking code
    const [ack] = await ackTo(from);
    expect(ack!.subject).toContain(complaint.trackingCode);
    expect(ack!.subject).toMatch(/شکایت/);
    expect(ack!.html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(ack!.text).toContain(complaint.trackingCode);
  });

  it('should NOT make a second complaint when the same email is delivered again', async () => {
    const from = uniqueEmail('again');
    const messageId = `<${randomUUID()}@mail.example.test>`;
    const mail = {
      from,
      subject: 'Late delivery',
      text: 'My parcel is two weeks late and nobody answers the phone.',
      messageId,
    };
    await send(mail);
    await send(mail);
    expect(
      await sys.dataSource.getRepository(Complaint).countBy({ idempotencyKey: `email:${messageId}` }),
    ).toBe(1);
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ idempotencyKey: `email:${messageId}` });
    expect(complaint.channel).toBe('email');
    await ackTo(from);
    // one acknowledgment only
    await new Promise((r) => setTimeout(r, 500));
    expect(await ackTo(from)).toHaveLength(1);
  });

  it('should keep allowed attachments of an email and drop the others', async () => {
    const from = uniqueEmail('files');
    const messageId = `<${randomUUID()}@mail.example.test>`;
    await send({
      from,
      subject: 'Damaged screen',
      text: 'The screen arrived cracked, photo and invoice attached.',
      messageId,
      attachments: [
        { filename: 'photo.png', content: FILES.png().content },
        { filename: 'invoice.pdf', content: FILES.pdf().content },
        { filename: 'setup.exe', content: Buffer.from('MZ\x90\x00') },
      ],
    });
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ idempotencyKey: `email:${messageId}` });
    const files = await sys.dataSource
      .getRepository(Attachment)
      .find({ where: { complaintId: complaint.id }, order: { originalName: 'ASC' } });
    expect(files.map((f) => [f.originalName, f.contentType])).toEqual([
      ['invoice.pdf', 'application/pdf'],
      ['photo.png', 'image/png'],
    ]);
  });

  it('should add a reply carrying the tracking code to the existing complaint and tell its workflow', async () => {
    // given a complaint that was acknowledged by email
    const from = uniqueEmail('reply');
    await send({
      from,
      subject: 'Wrong bill',
      text: 'The bill for March is twice the usual amount.',
      messageId: `<${randomUUID()}@mail.example.test>`,
    });
    const [ack] = await ackTo(from);
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { customer: { email: from } }, relations: { customer: true } });
    const complaintsBefore = await sys.dataSource.getRepository(Complaint).count();

    // when the customer replies to the acknowledgment, quoting it
    const replyId = `<${randomUUID()}@mail.example.test>`;
    const quoted = ack!.text
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const reply = {
      from,
      subject: `Re: ${ack!.subject}`,
      text: `Here is the meter reading: 4711.\n\nOn Mon, 2 Mar 2026, Redress wrote:\n${quoted}`,
      messageId: replyId,
      inReplyTo: ack!.messageId,
    };
    await send(reply);
    await send(reply); // and the mail server delivers it twice

    // then it is one message on that complaint, without the quoted text, audited
    const messages = await sys.dataSource
      .getRepository(CustomerMessage)
      .findBy({ complaintId: complaint.id });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      channel: 'email',
      sender: from,
      body: 'Here is the meter reading: 4711.',
      idempotencyKey: `email:${replyId}`,
    });
    expect(messages[0]!.signalledAt).not.toBeNull();
    expect(
      await sys.dataSource
        .getRepository(AuditEvent)
        .countBy({ complaintId: complaint.id, action: 'customer.message' }),
    ).toBe(1);
    expect(await sys.dataSource.getRepository(Complaint).count()).toBe(complaintsBefore);

    // and the workflow received the customerReplied message once
    const history = await sys.temporal.workflow.getHandle(complaint.workflowId).fetchHistory();
    const signals = (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'customerMessage')
      .map((a) => Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8'));
    expect(signals).toHaveLength(1);
    expect(JSON.parse(signals[0]!)).toEqual({
      name: 'customerReplied',
      variables: { customerReply: 'Here is the meter reading: 4711.' },
    });
  });

  it('should refuse mail for any other address and store nothing', async () => {
    const before = await sys.dataSource.getRepository(Customer).count();
    await expect(
      send({
        to: 'someone-else@redress.localhost',
        from: uniqueEmail('other'),
        subject: 'Hello',
        text: 'Not for the complaints mailbox.',
      }),
    ).rejects.toMatchObject({
      responseCode: 550,
    });
    expect(await sys.dataSource.getRepository(Customer).count()).toBe(before);
  });
});
