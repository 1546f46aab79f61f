import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A department or team (sales, quality, safety, finance, supervisors, approvers…) managed by admins. */
@Entity('staff_group')
export class StaffGroup {
  /** Stable key used in BPMN candidate groups, e.g. `quality`. */
  @PrimaryColumn('text') key: string;
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
