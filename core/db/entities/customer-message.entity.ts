import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Something the customer sent about an existing complaint (the tracking page's form, an email reply).
 * Stored before the workflow is told (`customerReplied`); `signalledAt` records that it was, so a
 * retried delivery signals once.
 */
@Entity('customer_message')
@Index(['complaintId', 'createdAt'])
export class CustomerMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  /** `web` (tracking page) or `email`. */
  @Column('text') channel: string;
  @Column('text') body: string;
  /** The sender's address for email replies. */
  @Column('text', { nullable: true }) sender: string | null;
  /** The form's key or the email's Message-ID: a resubmitted or redelivered message is stored once. */
  @Column('text', { nullable: true, unique: true }) idempotencyKey: string | null;
  @Column('timestamptz', { nullable: true }) signalledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
