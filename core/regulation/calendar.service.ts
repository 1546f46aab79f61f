import type { DataSource, EntityManager } from 'typeorm';
import { calendarProblems, type WorkingCalendar } from '../../workflows/engine/calendar';
import { appendAudit } from '../audit/audit-log';
import { CalendarHoliday, WorkingCalendarEntity } from '../db/entities';
import { RegulationRuleError } from './errors';

/** A working calendar with its holidays, as the admin page and the API show it. */
export interface CalendarView {
  key: string;
  name: string;
  weekendDays: number[];
  timeZone: string;
  holidays: { date: string; name: string }[];
  updatedAt: Date;
}

/** The fields of a new calendar. */
export interface NewCalendar {
  key: string;
  name: string;
  weekendDays: number[];
  timeZone: string;
}

/**
 * Working calendars and their holidays (tables `working_calendar`, `calendar_holiday`): read by the
 * clocks, edited by admins. Every change is audited in its own transaction.
 */
export class CalendarService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every calendar with its holidays, by key. */
  async list(): Promise<CalendarView[]> {
    const [calendars, holidays] = await Promise.all([
      this.dataSource.getRepository(WorkingCalendarEntity).find({ order: { key: 'ASC' } }),
      this.dataSource.getRepository(CalendarHoliday).find({ order: { calendarKey: 'ASC', date: 'ASC' } }),
    ]);
    return calendars.map((c) =>
      view(
        c,
        holidays.filter((h) => h.calendarKey === c.key),
      ),
    );
  }

  /** One calendar. @throws RegulationRuleError not_found */
  async get(key: string, manager: EntityManager = this.dataSource.manager): Promise<CalendarView> {
    const calendar = await manager.getRepository(WorkingCalendarEntity).findOneBy({ key });
    if (!calendar) throw new RegulationRuleError('not_found', `There is no working calendar "${key}".`);
    const holidays = await manager
      .getRepository(CalendarHoliday)
      .find({ where: { calendarKey: key }, order: { date: 'ASC' } });
    return view(calendar, holidays);
  }

  /** The calendar in the plain shape the clocks and the workflow compute with. */
  async workingCalendar(key: string, manager?: EntityManager): Promise<WorkingCalendar> {
    const c = await this.get(key, manager);
    return {
      key: c.key,
      weekend: c.weekendDays,
      holidays: c.holidays.map((h) => h.date),
      timeZone: c.timeZone,
    };
  }

  /** Creates a calendar. @throws RegulationRuleError conflict (key taken) | invalid */
  async create(input: NewCalendar, actor: string): Promise<CalendarView> {
    check({ weekend: input.weekendDays, holidays: [], timeZone: input.timeZone });
    return this.dataSource.transaction(async (m) => {
      if (await m.getRepository(WorkingCalendarEntity).existsBy({ key: input.key }))
        throw new RegulationRuleError('conflict', `A working calendar "${input.key}" already exists.`);
      await m
        .getRepository(WorkingCalendarEntity)
        .insert({ ...input, weekendDays: sorted(input.weekendDays) });
      await appendAudit(m, {
        actor,
        action: 'calendar.created',
        entityType: 'working_calendar',
        entityId: input.key,
        data: { ...input },
      });
      return this.get(input.key, m);
    });
  }

  /** Changes the name, weekend or time zone. @throws RegulationRuleError not_found | invalid */
  async update(key: string, patch: Partial<Omit<NewCalendar, 'key'>>, actor: string): Promise<CalendarView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.get(key, m);
      const after = { ...before, ...patch, weekendDays: sorted(patch.weekendDays ?? before.weekendDays) };
      check({ weekend: after.weekendDays, holidays: [], timeZone: after.timeZone });
      await m.getRepository(WorkingCalendarEntity).update(
        { key },
        {
          name: after.name,
          weekendDays: after.weekendDays,
          timeZone: after.timeZone,
          updatedAt: new Date(),
        },
      );
      await appendAudit(m, {
        actor,
        action: 'calendar.updated',
        entityType: 'working_calendar',
        entityId: key,
        data: { before: pick(before), after: pick(after) },
      });
      return this.get(key, m);
    });
  }

  /** Adds a holiday, or renames the one on that date. @throws RegulationRuleError not_found | invalid */
  async putHoliday(
    key: string,
    holiday: { date: string; name: string },
    actor: string,
  ): Promise<CalendarView> {
    check({ weekend: [], holidays: [holiday.date], timeZone: 'UTC' });
    return this.dataSource.transaction(async (m) => {
      await this.get(key, m);
      await m
        .createQueryBuilder()
        .insert()
        .into(CalendarHoliday)
        .values({ calendarKey: key, date: holiday.date, name: holiday.name })
        .orUpdate(['name'], ['calendarKey', 'date'])
        .execute();
      await m.getRepository(WorkingCalendarEntity).update({ key }, { updatedAt: new Date() });
      await appendAudit(m, {
        actor,
        action: 'calendar.holiday_set',
        entityType: 'working_calendar',
        entityId: key,
        data: holiday,
      });
      return this.get(key, m);
    });
  }

  /** Removes a holiday. @throws RegulationRuleError not_found (calendar or date) */
  async removeHoliday(key: string, date: string, actor: string): Promise<CalendarView> {
    return this.dataSource.transaction(async (m) => {
      await this.get(key, m);
      const removed = await m.getRepository(CalendarHoliday).delete({ calendarKey: key, date });
      if (!removed.affected)
        throw new RegulationRuleError('not_found', `${date} is not a holiday of "${key}".`);
      await m.getRepository(WorkingCalendarEntity).update({ key }, { updatedAt: new Date() });
      await appendAudit(m, {
        actor,
        action: 'calendar.holiday_removed',
        entityType: 'working_calendar',
        entityId: key,
        data: { date },
      });
      return this.get(key, m);
    });
  }
}

function check(calendar: WorkingCalendar): void {
  const problems = calendarProblems(calendar);
  if (problems.length)
    throw new RegulationRuleError('invalid', `The calendar cannot be used: ${problems.join('; ')}.`);
}

function sorted(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

function pick(c: Pick<CalendarView, 'name' | 'weekendDays' | 'timeZone'>): Record<string, unknown> {
  return { name: c.name, weekendDays: c.weekendDays, timeZone: c.timeZone };
}

function view(c: WorkingCalendarEntity, holidays: CalendarHoliday[]): CalendarView {
  return {
    key: c.key,
    name: c.name,
    weekendDays: c.weekendDays,
    timeZone: c.timeZone,
    holidays: holidays.map((h) => ({ date: h.date, name: h.name })),
    updatedAt: c.updatedAt,
  };
}
