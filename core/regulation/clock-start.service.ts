import { IsNull, type DataSource } from 'typeorm';
import { clockDueAt, type Clocks, type WorkingCalendar } from '../../workflows/engine/calendar';
import { appendAudit } from '../audit/audit-log';
import { Complaint, ComplaintClockEvent } from '../db/entities';
import { CalendarService } from './calendar.service';
import { clocksOf } from './clock-definitions';
import { RegulationRuleError } from './errors';
import type { RegulationSettingsService } from './regulation-settings.service';

/** The process variables a regulated complaint starts with. */
export interface RegulatedStart {
  /** `jurisdiction`, `calendar` and `clocks` for the workflow's variables. */
  variables: {
    jurisdiction: { profile: string; name: string; calendar: string };
    calendar: WorkingCalendar;
    clocks: Clocks;
  };
  /** The final-response deadline, for the date the acknowledgment promises; undefined without such a clock. */
  finalResponseDue?: Date;
}

/** Used when a configured calendar key does not exist (so intake never fails on it): Monday to Friday, UTC. */
const FALLBACK_CALENDAR: WorkingCalendar = {
  key: 'utc-mon-fri',
  weekend: [0, 6],
  holidays: [],
  timeZone: 'UTC',
};

/**
 * Sets a complaint up under its regime: records its profile and calendar, starts the clocks that run
 * from receipt (at the complaint's creation time, once: a retried start records nothing new), and
 * builds the variables its workflow starts with.
 */
export class ClockStartService {
  private readonly calendars: CalendarService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RegulationSettingsService,
  ) {
    this.calendars = new CalendarService(dataSource);
  }

  async prepare(complaint: Complaint): Promise<RegulatedStart> {
    const regime = complaint.jurisdictionProfile
      ? {
          profile: this.settings.profile(complaint.jurisdictionProfile),
          calendarKey: complaint.calendarKey ?? '',
        }
      : await this.settings.regimeFor(complaint.product);
    const calendar = await this.calendars.workingCalendar(regime.calendarKey).catch((error: unknown) => {
      if (error instanceof RegulationRuleError) return FALLBACK_CALENDAR;
      throw error;
    });
    const receivedAt = complaint.createdAt ?? new Date();
    const rows = await this.dataSource.transaction(async (m) => {
      await m.update(
        Complaint,
        { id: complaint.id, jurisdictionProfile: IsNull() },
        { jurisdictionProfile: regime.profile.key, calendarKey: calendar.key ?? regime.calendarKey },
      );
      const starts = Object.entries(regime.profile.clocks)
        .filter(([, clock]) => clock.start === 'receipt')
        .map(([key]) => ({
          complaintId: complaint.id,
          clock: key,
          kind: 'start' as const,
          at: receivedAt,
          actor: 'system',
          eventKey: `receipt:${key}`,
          reason: 'complaint received',
        }));
      const inserted = starts.length
        ? await m
            .createQueryBuilder()
            .insert()
            .into(ComplaintClockEvent)
            .values(starts)
            .orIgnore()
            .returning(['id'])
            .execute()
        : { identifiers: [] };
      if (inserted.identifiers.length > 0)
        await appendAudit(m, {
          actor: 'system',
          action: 'complaint.clocks_started',
          entityType: 'complaint',
          entityId: complaint.id,
          complaintId: complaint.id,
          data: {
            profile: regime.profile.key,
            calendar: calendar.key ?? null,
            clocks: starts.map((s) => s.clock),
          },
        });
      return m
        .getRepository(ComplaintClockEvent)
        .find({ where: { complaintId: complaint.id }, order: { at: 'ASC', recordedAt: 'ASC' } });
    });
    const clocks = clocksOf(regime.profile, rows);
    const final = clocks.finalResponse ? clockDueAt(clocks.finalResponse, calendar) : undefined;
    return {
      variables: {
        jurisdiction: {
          profile: regime.profile.key,
          name: regime.profile.name,
          calendar: calendar.key ?? regime.calendarKey,
        },
        calendar,
        clocks,
      },
      ...(final === undefined ? {} : { finalResponseDue: new Date(final) }),
    };
  }
}
