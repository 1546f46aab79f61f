import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A working calendar (table `working_calendar`): which weekdays are off and in which time zone days
 * are counted; its holidays are `calendar_holiday` rows. Business-day deadlines run on one of these.
 */
@Entity('working_calendar')
export class WorkingCalendarEntity {
  /** Stable key referred to by profiles, product mappings and complaints, e.g. `gb-eaw`. */
  @PrimaryColumn('text') key: string;
  @Column('text') name: string;
  /** 0 = Sunday … 6 = Saturday. */
  @Column('int', { array: true, default: '{0,6}' }) weekendDays: number[];
  /** IANA zone, `UTC` or a fixed offset like `+03:30`. */
  @Column('text', { default: 'UTC' }) timeZone: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
