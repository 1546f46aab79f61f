import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAudit, textFingerprint } from '../../core/audit/audit-log';
import type { Config } from '../../core/config/config';
import { Complaint, ComplaintNote, Customer, OutboundMessage } from '../../core/db/entities';
import { isLocale, DEFAULT_LOCALE } from '../../core/i18n';
import { wantsChannel } from '../../core/messaging/contact-preference';
import { createSmtpMailer, type Mailer } from '../../core/messaging/mailer';
import { Outbox } from '../../core/messaging/outbox';
import { createSmsSink, createTwilioProvider, type SmsProvider } from '../../core/messaging/sms-provider';
import { WorkspaceRuleError } from '../../core/staff/errors';
import type { Viewer } from '../../core/tasks/task-access';
import { TemplateRenderer } from '../../templates/renderer';
import { customerMessageSignal } from '../../workflows/complaint.messages';

/** The BPMN message the workflow receives when staff ask the customer something. */
export const INFO_REQUESTED_MESSAGE = 'infoRequested';

export interface InfoRequestResult {
  note: ComplaintNote;
  /** What happened to the message; a failure is also visible (with its reason) on the complaint. */
  delivery:
    | { channel: 'email' | 'sms'; status: OutboundMessage['status']; error?: string }
    | { channel: null; status: 'no-address' };
  /** False when the workflow could not be told (it has ended); the question was still sent. */
  signalled: boolean;
}

function smsProvider(config: Config): SmsProvider {
  if (config.SMS_PROVIDER === 'twilio')
    return createTwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      from: config.TWILIO_FROM!,
      apiUrl: config.TWILIO_API_URL,
    });
  return createSmsSink(path.join(config.REDRESS_DATA_DIR, 'sms'));
}

/**
 * "Request more information": the question is stored (and audited) first, then sent to the customer in
 * their language through the outbox (email, or SMS when the customer chose text messages or gave no
 * email address; idempotency key `note:<id>`), then the workflow gets the `infoRequested` message
 * with `infoRequestQuestion`. The customer answers on the tracking page; that comes back as
 * `customerReplied` (customer portal).
 */
export class InfoRequestService {
  private outbox: Outbox | undefined;
  private mailer: Mailer | undefined;
  private renderer: TemplateRenderer | undefined;

  constructor(private readonly deps: { dataSource: DataSource; temporal: Client; config: Config }) {}

  async ask(
    complaintId: string,
    question: string,
    viewer: Viewer & { name: string },
  ): Promise<InfoRequestResult> {
    const { dataSource, config } = this.deps;
    const complaint = await dataSource.getRepository(Complaint).findOneBy({ id: complaintId });
    if (!complaint) throw new WorkspaceRuleError('not_found', 'There is no such complaint.');
    if (complaint.status === 'closed')
      throw new WorkspaceRuleError(
        'conflict',
        'This complaint is closed; a question cannot be sent any more.',
      );
    const customer = await dataSource.getRepository(Customer).findOneByOrFail({ id: complaint.customerId });

    const note = await dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(ComplaintNote, {
          complaintId,
          kind: 'info_request',
          body: question,
          authorId: viewer.userId,
          authorName: viewer.name,
        }),
      );
      await appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'complaint.info_requested',
        entityType: 'complaint_note',
        entityId: row.id,
        complaintId,
        data: { question: textFingerprint(question) },
      });
      return row;
    });

    // One message, on the channel the customer asked for (email first when they chose both).
    const channel =
      customer.email && wantsChannel(complaint.contactPreference, 'email')
        ? 'email'
        : customer.phone && wantsChannel(complaint.contactPreference, 'sms')
          ? 'sms'
          : null;
    let delivery: InfoRequestResult['delivery'] = { channel: null, status: 'no-address' };
    if (channel) {
      const locale = isLocale(customer.locale) ? customer.locale : DEFAULT_LOCALE;
      const base = config.PUBLIC_URL.replace(/\/$/, '');
      const trackingUrl = `${base}/track/${encodeURIComponent(complaint.trackingCode)}`;
      const rendered = this.templates().render({
        kind: 'info-request',
        locale,
        channel,
        data: {
          organisationName: config.ORGANISATION_NAME,
          trackingCode: complaint.trackingCode,
          trackingUrl,
          customerName: customer.name,
          question,
          answerUrl: `${trackingUrl}#reply`,
        },
      });
      try {
        const sent = await this.messages().deliver({
          idempotencyKey: `note:${note.id}`,
          complaintId,
          channel,
          recipient: channel === 'email' ? customer.email! : customer.phone!,
          template: 'info-request',
          locale,
          templateVersion: 0,
          subject: rendered.channel === 'email' ? rendered.subject : null,
          body: rendered.text,
          html: rendered.channel === 'email' ? rendered.html : null,
        });
        delivery = { channel, status: sent.status };
      } catch (err) {
        // The outbox recorded the failure with its reason; staff see it on the complaint and can ask again.
        delivery = { channel, status: 'failed', error: (err as Error).message };
      }
    }

    let signalled = true;
    try {
      await this.deps.temporal.workflow.getHandle(complaint.workflowId).signal(customerMessageSignal, {
        name: INFO_REQUESTED_MESSAGE,
        // Only a question that went out may stop a deadline clock that waits for the customer.
        variables: {
          infoRequestQuestion: question,
          infoRequestSent: delivery.status !== 'failed' && delivery.status !== 'no-address',
        },
      });
    } catch {
      signalled = false;
    }
    return { note, delivery, signalled };
  }

  /** Closes the SMTP connection pool, if one was opened. */
  close(): void {
    this.mailer?.close();
  }

  private templates(): TemplateRenderer {
    // Compiling every template takes a moment: only on the first question, once per process.
    this.renderer ??= new TemplateRenderer();
    return this.renderer;
  }

  private messages(): Outbox {
    if (!this.outbox) {
      const { config } = this.deps;
      if (!config.SMTP_URL)
        throw new Error('SMTP_URL is not set: the web app cannot send messages to customers.');
      this.mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
      this.outbox = new Outbox(
        this.deps.dataSource,
        this.mailer,
        smsProvider(config),
        new URL(config.PUBLIC_URL).hostname,
      );
    }
    return this.outbox;
  }
}
