import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Evidence a customer sent with a complaint (web form, email, a reply). The file lives under
 * `REDRESS_DATA_DIR/attachments/<storedName>` (a random name, never the customer's); its type was
 * decided from its bytes, not its name, and it is only ever served to staff as a download.
 */
@Entity('attachment')
@Index(['complaintId'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  /** The customer message it came with, when it was added after intake. */
  @Column('uuid', { nullable: true }) customerMessageId: string | null;
  /** The name on the customer's device, shown to staff (never used as a path). */
  @Column('text') originalName: string;
  @Column('text', { unique: true }) storedName: string;
  /** Sniffed from the file's first bytes; one of the allowed types. */
  @Column('text') contentType: string;
  @Column('int') size: number;
  @Column('text') sha256: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
