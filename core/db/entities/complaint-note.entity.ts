import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `note`: internal, staff only. `info_request`: a question sent to the customer (the email is in the outbox). */
export const NOTE_KINDS = ['note', 'info_request'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/**
 * Staff writing on a complaint: internal notes and the questions asked of the customer. Never edited
 * or deleted (each one has its audit entry); the customer's answers are `customer_message` rows.
 */
@Entity('complaint_note')
@Index(['complaintId', 'createdAt'])
export class ComplaintNote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  @Column('text') kind: NoteKind;
  @Column('text') body: string;
  @Column('uuid') authorId: string;
  /** The author's name when written, so the note still reads right after the account changes. */
  @Column('text') authorName: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
