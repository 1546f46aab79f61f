import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `skipped`: not sent because the customer chose another channel (the reason is in `lastError`). */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * The outbox: every email/SMS is recorded here before it is sent, keyed by an idempotency key
 * derived from the workflow and the engine wait, so an activity retry never sends twice.
 */
@Entity('outbound_message')
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) idempotencyKey: string;
  @Column('uuid') complaintId: string;
  @Column('text') channel: 'email' | 'sms';
  @Column('text') recipient: string;
  @Column('text') template: string;
  @Column('text') locale: string;
  /** Version of the template text used (0 = the file shipped with Redress). */
  @Column('int', { default: 0 }) templateVersion: number;
  @Column('text', { nullable: true }) subject: string | null;
  @Column('text') body: string;
  @Column('text', { nullable: true }) html: string | null;
  @Column('text', { default: 'queued' }) status: DeliveryStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('text', { nullable: true }) providerMessageId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
}
