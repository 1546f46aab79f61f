import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The complaint's trail as the workflow reports it: BPMN elements entered and left, stage changes,
 * incidents. Written by an idempotent activity (unique per workflow + sequence number).
 */
@Entity('timeline_entry')
@Unique(['workflowId', 'seq'])
@Index(['complaintId', 'occurredAt'])
export class TimelineEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') complaintId: string;
  @Column('text') workflowId: string;
  /** Monotonic per workflow (carried across continue-as-new), so a retried write is a no-op. */
  @Column('int') seq: number;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) elementId: string | null;
  @Column('int', { nullable: true }) processVersion: number | null;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
  @Column('timestamptz') occurredAt: Date;
}
