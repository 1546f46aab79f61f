import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { complaintInputSchema, type IntakeService } from '../complaints/intake.service';
import { Complaint, CustomerMessage } from '../db/entities';
import { DEFAULT_LOCALE, pickLocale, t, type Locale } from '../i18n';
import { discardFiles, storeBuffer, type ReceivedFile } from './attachment-storage';
import type { AttachmentService } from './attachment.service';
import type { CustomerMessageService } from './customer-message.service';
import { detectLocale } from './detect-locale';
import { ATTACHMENT_LIMITS } from './file-types';

/** A tracking code anywhere in a text (the reply's subject, or the quoted acknowledgment). */
const TRACKING_CODE_IN_TEXT = /\bRD-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}\b/gi;

/** What an inbound email became. */
export type EmailIntakeResult =
  | { kind: 'complaint'; complaint: Complaint; created: boolean }
  | { kind: 'reply'; complaint: Complaint; created: boolean };

/** The part of a reply the customer wrote: quoted lines and the quoted original are dropped. */
export function replyText(text: string): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    // "On Tue, 3 Mar 2026, Redress <…> wrote:" and Outlook's separator start the quoted original.
    if (
      /^\s*On .{4,300} wrote:\s*$/i.test(line) ||
      /^-{2,}\s*Original Message\s*-{2,}/i.test(line) ||
      /^_{10,}\s*$/.test(line)
    )
      break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const reply = kept.join('\n').trim();
  return reply || text.trim();
}

/** The tracking codes mentioned in a text, upper-cased, first one first. */
export function trackingCodesIn(text: string): string[] {
  return [...new Set((text.match(TRACKING_CODE_IN_TEXT) ?? []).map((c) => c.toUpperCase()))];
}

/**
 * Turns email sent to the complaints address into work: a message that names one of our tracking
 * codes (in the subject or the quoted text) is a reply on that complaint; anything else is a new
 * complaint from the sender. The Message-ID is the idempotency key, so a redelivered email changes
 * nothing. Attachments go through the same checks as the web form's.
 */
export class EmailIntakeService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      temporal: Client;
      intake: IntakeService;
      attachments: AttachmentService;
      messages: CustomerMessageService;
    },
  ) {}

  async handle(mail: ParsedMail, raw: Buffer): Promise<EmailIntakeResult> {
    const messageKey = `email:${(mail.messageId ?? '').trim() || `sha256:${createHash('sha256').update(raw).digest('hex')}`}`;
    const sender = mail.from?.value
      .find((a) => a.address)
      ?.address?.trim()
      .toLowerCase();
    if (!sender) throw new Error('The email has no sender address.');
    const subject = (mail.subject ?? '').trim();
    const text = (mail.text ?? '').trim();

    const existing = await this.findComplaint([...trackingCodesIn(subject), ...trackingCodesIn(text)]);
    if (existing) return this.reply(existing, mail, messageKey, sender, text);
    return this.newComplaint(mail, messageKey, sender, subject, text);
  }

  private async findComplaint(codes: string[]): Promise<Complaint | null> {
    const repo = this.deps.dataSource.getRepository(Complaint);
    for (const trackingCode of codes) {
      const complaint = await repo.findOneBy({ trackingCode });
      if (complaint) return complaint;
    }
    return null;
  }

  private async reply(
    complaint: Complaint,
    mail: ParsedMail,
    key: string,
    sender: string,
    text: string,
  ): Promise<EmailIntakeResult> {
    const already = await this.deps.dataSource
      .getRepository(CustomerMessage)
      .existsBy({ idempotencyKey: key });
    const files = already ? [] : this.storeAttachments(mail);
    const { created } = await this.deps.messages.receive({
      complaint,
      channel: 'email',
      body: replyText(text) || t('en', 'intake.emailNoText'),
      sender,
      idempotencyKey: key,
      files,
      actor: `email:${sender}`,
    });
    if (!created) discardFiles(this.deps.attachments.dir, files);
    return { kind: 'reply', complaint, created };
  }

  private async newComplaint(
    mail: ParsedMail,
    key: string,
    sender: string,
    subject: string,
    text: string,
  ): Promise<EmailIntakeResult> {
    const locale = this.localeOf(mail, `${subject}\n${text}`);
    const name = mail.from?.value.find((a) => a.address)?.name?.trim() || sender.split('@')[0] || sender;
    const firstLine =
      text
        .split('\n')
        .find((l) => l.trim())
        ?.trim() ?? '';
    const input = complaintInputSchema.parse({
      customer: { name: name.slice(0, 200), email: sender, locale },
      channel: 'email',
      subject: (subject.length >= 3
        ? subject
        : firstLine.length >= 3
          ? firstLine
          : t(locale, 'intake.emailNoSubject')
      ).slice(0, 200),
      // Every complaint is accepted, even a nearly empty email: staff will ask for the details.
      description: (text.length >= 10
        ? text
        : `${text || subject}\n\n${t(locale, 'intake.emailNoText')}`.trim()
      ).slice(0, 20_000),
    });
    // The complaint and its attachments commit together; a redelivery (same Message-ID) keeps none
    // of the repeat's files.
    const files = this.storeAttachments(mail);
    let result: { complaint: Complaint; created: boolean };
    try {
      result = await this.deps.intake.submit(input, {
        idempotencyKey: key,
        actor: `email:${sender}`,
        within: (manager, complaint) =>
          this.deps.attachments.record(manager, complaint.id, files, { actor: `email:${sender}` }),
      });
    } catch (err) {
      await this.deps.attachments.discardUnrecorded(files).catch(() => undefined);
      throw err;
    }
    const { complaint, created } = result;
    if (!created) discardFiles(this.deps.attachments.dir, files);
    return { kind: 'complaint', complaint, created };
  }

  private localeOf(mail: ParsedMail, text: string): Locale {
    // A Content-Language header naming one of our languages wins; otherwise the script decides.
    const header = mail.headers.get('content-language');
    if (typeof header === 'string' && header.trim()) {
      const declared = pickLocale(header);
      if (declared !== DEFAULT_LOCALE || /(^|,)\s*en\b/i.test(header)) return declared;
    }
    return detectLocale(text);
  }

  private storeAttachments(mail: ParsedMail): ReceivedFile[] {
    return mail.attachments
      .filter((a) => a.contentDisposition === 'attachment' || a.filename)
      .slice(0, ATTACHMENT_LIMITS.maxFiles)
      .map((a) => storeBuffer(this.deps.attachments.dir, a.filename ?? 'attachment', a.content));
  }
}
