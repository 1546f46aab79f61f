import type { Client } from '@temporalio/client';
import { QueryFailedError, type DataSource } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { CustomerMessage, type Complaint } from '../db/entities';
import type { ReceivedFile } from './attachment-storage';
import type { AttachmentService } from './attachment.service';
import { signalComplaint } from './workflow-signal';

/** A message from the customer about an existing complaint. */
export interface IncomingCustomerMessage {
  complaint: Complaint;
  channel: 'web' | 'email';
  body: string;
  sender?: string | null;
  /** The form's key or `email:<Message-ID>`: the same message arriving twice is stored once. */
  idempotencyKey?: string;
  /** Files already checked and stored by the attachment storage. */
  files?: ReceivedFile[];
  /** `customer:<trackingCode>` or `email:<address>` for the audit log. */
  actor: string;
}

/** The name of the BPMN message a customer's reply reaches the workflow as. */
export const CUSTOMER_REPLIED = 'customerReplied';

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';

/**
 * Stores what the customer sent (with its attachments and an audit entry, in one transaction), then
 * tells the workflow (`customerReplied` with `customerReply`). A repeat of the same message (same
 * idempotency key) stores nothing new and signals only if the first attempt could not.
 */
export class CustomerMessageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly attachments: AttachmentService,
  ) {}

  async receive(input: IncomingCustomerMessage): Promise<{ message: CustomerMessage; created: boolean }> {
    const repo = this.dataSource.getRepository(CustomerMessage);
    const existing = input.idempotencyKey
      ? await repo.findOneBy({ idempotencyKey: input.idempotencyKey })
      : null;
    if (existing) {
      await this.signal(input.complaint, existing);
      return { message: existing, created: false };
    }
    let message: CustomerMessage;
    try {
      message = await this.dataSource.transaction(async (manager) => {
        const row = manager.create(CustomerMessage, {
          complaintId: input.complaint.id,
          channel: input.channel,
          body: input.body,
          sender: input.sender ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          signalledAt: null,
        });
        await manager.save(row);
        const files = await this.attachments.record(manager, input.complaint.id, input.files ?? [], {
          actor: input.actor,
          customerMessageId: row.id,
        });
        await appendAudit(manager, {
          actor: input.actor,
          action: 'customer.message',
          entityType: 'customer_message',
          entityId: row.id,
          complaintId: input.complaint.id,
          data: { channel: input.channel, length: input.body.length, attachments: files.length },
        });
        return row;
      });
    } catch (err) {
      // Two deliveries of the same message at once: the loser answers with the winner's row.
      if (input.idempotencyKey && isUniqueViolation(err)) {
        return {
          message: await repo.findOneByOrFail({ idempotencyKey: input.idempotencyKey }),
          created: false,
        };
      }
      throw err;
    }
    await this.signal(input.complaint, message);
    return { message, created: true };
  }

  /** A complaint's customer messages, oldest first. */
  list(complaintId: string): Promise<CustomerMessage[]> {
    return this.dataSource
      .getRepository(CustomerMessage)
      .find({ where: { complaintId }, order: { createdAt: 'ASC' } });
  }

  private async signal(complaint: Complaint, message: CustomerMessage): Promise<void> {
    if (message.signalledAt) return;
    const delivered = await signalComplaint(this.temporal, complaint.workflowId, CUSTOMER_REPLIED, {
      customerReply: message.body,
    });
    if (delivered) {
      message.signalledAt = new Date();
      await this.dataSource
        .getRepository(CustomerMessage)
        .update({ id: message.id }, { signalledAt: message.signalledAt });
    }
  }
}
