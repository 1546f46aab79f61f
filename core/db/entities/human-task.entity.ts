import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An inbox item: a BPMN user task waiting for staff. The workflow is the authority; this is its projection. */
@Entity('human_task')
@Unique(['workflowId', 'waitId'])
@Index('human_task_open_due', ['status', 'dueAt'])
export class HumanTask {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  @Column('text') workflowId: string;
  /** The engine's wait id; the Update that completes the task carries it. */
  @Column('text') waitId: string;
  @Column('text') elementId: string;
  @Column('text') name: string;
  @Column('text', { array: true, default: '{}' }) candidateGroups: string[];
  @Column('text', { nullable: true }) assignee: string | null;
  @Column('jsonb', { nullable: true }) form: object | null;
  @Column('text', { default: 'open' }) status: 'open' | 'completed' | 'cancelled';
  @Column('timestamptz', { nullable: true }) dueAt: Date | null;
  /** Denormalised from the complaint so the inbox filters without a join. */
  @Column('text', { nullable: true }) stage: string | null;
  @Column('text', { nullable: true }) priority: string | null;
  @Column('text', { nullable: true }) category: string | null;
  @Column('jsonb', { nullable: true }) data: Record<string, unknown> | null;
  @Column('text', { nullable: true }) completedBy: string | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
