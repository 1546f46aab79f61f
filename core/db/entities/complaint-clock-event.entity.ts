import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One event of a complaint's deadline clock (start, pause, resume, stop, extend). The log is the
 * source of truth: a clock's due date, time used and time left are derived from it by the pure
 * functions of workflows/engine/calendar. Rows are only ever added.
 */
@Entity('complaint_clock_event')
@Unique('UQ_complaint_clock_event_key', ['complaintId', 'eventKey'])
export class ComplaintClockEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') complaintId: string;
  /** Clock key of the complaint's jurisdiction profile, e.g. `finalResponse`. */
  @Column('text') clock: string;
  @Column('text') kind: 'start' | 'pause' | 'resume' | 'stop' | 'extend';
  @Column('text', { nullable: true }) reason: string | null;
  /** `extend`: the new budget (`P35BD`). */
  @Column('text', { nullable: true }) budget: string | null;
  @Column('timestamptz') at: Date;
  /** `user:<id>`, `system` (intake) or `workflow` (a stage started or stopped it). */
  @Column('text') actor: string;
  /** The event's id in the clock (unique per complaint), so a repeated write is a no-op. */
  @Column('text') eventKey: string;
  @Column('timestamptz', { default: () => 'now()' }) recordedAt: Date;
}
