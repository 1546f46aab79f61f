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
 * Temporal retries it and staff can see it meanwhile. Only a worker that dies between the provider's
 * acceptance and the `sent` mark makes a retry send again (with the same Message-ID).
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
    let sent = false;
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
      sent = true;
      // The message is out: if recording that fails (the database is restarting), a retry of the
      // activity would send it a second time, so keep trying to record it for a while instead.
      return await persistently(async () => {
        await repo.update(
          { id: row.id },
          { status: 'sent', sentAt: new Date(), providerMessageId, lastError: null },
        );
        return repo.findOneByOrFail({ id: row.id });
      }, RECORD_SENT_FOR_MS);
    } catch (err) {
      if (!sent)
        await repo
          .update({ id: row.id }, { status: 'failed', lastError: (err as Error).message.slice(0, 2000) })
          .catch(() => undefined); // the database may be down too: the send's error is what matters
      throw err;
    }
  }
}

/**
 * How long a message already handed to the provider keeps trying to record that it was sent: long
 * enough for a database restart, and with the service task's own retries still within its 30-second
 * start-to-close timeout.
 */
const RECORD_SENT_FOR_MS = 15_000;

/** Runs `fn` until it succeeds, backing off from 200 ms to 2 s, and throws its last error after `forMs`. */
async function persistently<T>(fn: () => Promise<T>, forMs: number): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
