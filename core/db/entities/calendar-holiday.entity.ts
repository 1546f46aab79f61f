import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A non-working date of a working calendar (local to the calendar's time zone). */
@Entity('calendar_holiday')
export class CalendarHoliday {
  @PrimaryColumn('text') calendarKey: string;
  /** `YYYY-MM-DD` (PostgreSQL `date`, read back as text). */
  @PrimaryColumn('date') date: string;
  @Column('text') name: string;
}
