import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only, hash-chained audit log: each row's hash covers its content and the previous row's
 * hash, so an edited or deleted row breaks the chain at that point.
 */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz') occurredAt: Date;
  /** `user:<id>`, `customer:<trackingCode>`, `system`, `workflow`. */
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text') entityType: string;
  @Column('text') entityId: string;
  @Column('uuid', { nullable: true }) complaintId: string | null;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
  @Column('text') prevHash: string;
  @Column('text', { unique: true }) hash: string;
}
