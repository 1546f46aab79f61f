import type { DataSource } from 'typeorm';
import { OutboundMessage } from '../db/entities';
import type { Mailer } from './mailer';
import type { SmsProvider } from './sms-provider';

export type OutboxMessage = Pick<
  OutboundMessage,
  | 'idempotencyKey'
  | 'complaintId'
  | 'channel'
  | 'recipient'
  | 'template'
  | 'locale'
  | 'templateVersion'
  | 'subject'
  | 'body'
  | 'html'
>;

/**
 * Every customer message goes through here: recorded first (status queued), then sent, then marked
 * sent. The idempotency key makes the whole thing safe to repeat: an activity retry finds the row
 * already `sent` and does nothing. A failure is recorded (status failed, reason) and re-thrown so
 * Temporal retries it and staff can see it meanwhile.
 */
export class Outbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly sms: SmsProvider,
    private readonly messageIdDomain: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<OutboundMessage> {
    const repo = this.dataSource.getRepository(OutboundMessage);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ ...message, status: 'queued' })
      .orIgnore()
      .execute();
    const row = await repo.findOneByOrFail({ idempotencyKey: message.idempotencyKey });
    if (row.status === 'sent') return row;

    await repo.update({ id: row.id }, { status: 'sending', attempts: () => '"attempts" + 1' });
    try {
      const { providerMessageId } =
        row.channel === 'email'
          ? await this.mailer.send({
              to: row.recipient,
              subject: row.subject ?? '',
              text: row.body,
              html: row.html ?? undefined,
              messageId: `<${row.id}@${this.messageIdDomain}>`,
              headers: { 'X-Redress-Complaint': row.complaintId, 'X-Redress-Template': row.template },
            })
          : await this.sms.send({ to: row.recipient, text: row.body, idempotencyKey: row.idempotencyKey });
      await repo.update(
        { id: row.id },
        { status: 'sent', sentAt: new Date(), providerMessageId, lastError: null },
      );
      return repo.findOneByOrFail({ id: row.id });
    } catch (err) {
      await repo.update(
        { id: row.id },
        { status: 'failed', lastError: (err as Error).message.slice(0, 2000) },
      );
      throw err;
    }
  }
}
