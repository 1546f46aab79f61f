import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../../workflows/engine/calendar';
import { CalendarService } from './calendar.service';
import type { JurisdictionProfile } from './profile.schema';
import type { RegulationSettingsService } from './regulation-settings.service';
import { bandOf } from './return-bands';

/** The outcome categories regulators count. */
export const DECISIONS = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A return's period: [from, to) in UTC, as the reports' filters give it. */
export interface ReturnPeriod {
  from: Date;
  to: Date;
}

/** One counted line with the definition of what was counted. */
export interface ReturnLine {
  key: string;
  label: string;
  count: number;
}

/** A regulator return for one profile and period. */
export interface RegulatorReturn {
  profile: { key: string; name: string; regulator: string };
  period: { from: string; to: string };
  generatedAt: string;
  definitions: Record<'opened' | 'closed' | 'bands' | 'decisions' | 'redress', string>;
  opened: number;
  closed: number;
  bands: ReturnLine[];
  decisions: ReturnLine[];
  redress: { total: number; byCategory: { category: string; complaints: number; amount: number }[] };
}

const DECISION_LABELS: Record<Decision, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
};

/**
 * The latest completed task that proposed a remedy (the investigation, or its re-run after a reopen):
 * a complaint gets its remedy columns only when it closes, but it is counted from its final response.
 */
const INVESTIGATION_SQL = `LEFT JOIN LATERAL (
           SELECT t."data"->>'remedyType' AS "remedyType", t."data"->>'remedyAmount' AS "remedyAmount"
             FROM "human_task" t
            WHERE t."complaintId" = c."id" AND t."status" = 'completed' AND t."data"->>'remedyType' IS NOT NULL
            ORDER BY t."completedAt" DESC LIMIT 1) inv ON true`;
/**
 * The decision recorded at the investigation (or by staff later); derived only for complaints that have
 * none (investigated on a version of the model without the field): a remedy granted means upheld.
 */
const DECISION_SQL = `coalesce(c."decision", CASE WHEN coalesce(c."remedyType", inv."remedyType", 'none') = 'none' THEN 'not_upheld' ELSE 'upheld' END)`;
const CLOSED_AT_SQL = `coalesce(c."resolvedAt", c."closedAt")`;

/**
 * Regulator returns: for a period, the complaints a profile governs that were opened and closed, the
 * closed ones by time band (business days on each complaint's own calendar), by decision, and the
 * redress paid by category. Read from the complaint record, like the reports.
 */
export class ReturnsService {
  private readonly calendars: CalendarService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RegulationSettingsService,
  ) {
    this.calendars = new CalendarService(dataSource);
  }

  async compute(profileKey: string, period: ReturnPeriod): Promise<RegulatorReturn> {
    const profile = this.settings.profile(profileKey);
    const organisation = this.settings.organisationRegime();
    // Complaints received before profiles existed run under the organisation's profile.
    const scope = `coalesce(c."jurisdictionProfile", $3) = $4`;
    const params = [period.from, period.to, organisation.profile.key, profile.key];
    const [opened] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "complaint" c WHERE c."createdAt" >= $1 AND c."createdAt" < $2 AND ${scope}`,
      params,
    );
    const closed = await this.dataSource.query<
      {
        receivedAt: Date;
        closedAt: Date;
        decision: Decision;
        category: string;
        redress: string | null;
        calendarKey: string | null;
      }[]
    >(
      `SELECT c."createdAt" AS "receivedAt", ${CLOSED_AT_SQL} AS "closedAt", ${DECISION_SQL} AS "decision",
              coalesce(c."category", '(none)') AS "category",
              coalesce(c."redressPaid"::text, c."remedyAmount"::text, inv."remedyAmount") AS "redress",
              c."calendarKey" AS "calendarKey"
         FROM "complaint" c ${INVESTIGATION_SQL}
        WHERE ${CLOSED_AT_SQL} >= $1 AND ${CLOSED_AT_SQL} < $2 AND ${scope}`,
      params,
    );
    const calendars = await this.calendarsFor(
      closed.map((r) => r.calendarKey ?? profile.calendar),
      profile,
    );
    const bandCounts = new Map(profile.returns.bands.map((b) => [b.key, 0]));
    for (const row of closed) {
      const calendar = calendars.get(row.calendarKey ?? profile.calendar)!;
      const band = bandOf(profile.returns.bands, new Date(row.receivedAt), new Date(row.closedAt), calendar);
      bandCounts.set(band.key, (bandCounts.get(band.key) ?? 0) + 1);
    }
    const byCategory = new Map<string, { complaints: number; amount: number }>();
    for (const row of closed) {
      const amount = Number(row.redress ?? 0);
      if (!(amount > 0)) continue;
      const entry = byCategory.get(row.category) ?? { complaints: 0, amount: 0 };
      byCategory.set(row.category, {
        complaints: entry.complaints + 1,
        amount: round2(entry.amount + amount),
      });
    }
    const redressLines = [...byCategory]
      .map(([category, v]) => ({ category, ...v }))
      .sort((a, b) => b.amount - a.amount || (a.category < b.category ? -1 : 1));
    return {
      profile: { key: profile.key, name: profile.name, regulator: profile.regulator },
      period: { from: day(period.from), to: day(new Date(period.to.getTime() - 86_400_000)) },
      generatedAt: new Date().toISOString(),
      definitions: definitions(profile),
      opened: Number(opened?.n ?? 0),
      closed: closed.length,
      bands: profile.returns.bands.map((b) => ({
        key: b.key,
        label: b.label,
        count: bandCounts.get(b.key) ?? 0,
      })),
      decisions: DECISIONS.map((d) => ({
        key: d,
        label: DECISION_LABELS[d],
        count: closed.filter((r) => r.decision === d).length,
      })),
      redress: { total: round2(redressLines.reduce((s, r) => s + r.amount, 0)), byCategory: redressLines },
    };
  }

  /** The return as CSV rows: section, item, value. */
  static csvRows(r: RegulatorReturn): (string | number)[][] {
    return [
      ['profile', r.profile.key, r.profile.name],
      ['period', r.period.from, r.period.to],
      ['opened', 'complaints', r.opened],
      ['closed', 'complaints', r.closed],
      ...r.bands.map((b) => ['closed within', b.label, b.count]),
      ...r.decisions.map((d) => ['decision', d.label, d.count]),
      ...r.redress.byCategory.map((c) => ['redress paid', c.category, c.amount.toFixed(2)]),
      ['redress paid', 'total', r.redress.total.toFixed(2)],
    ];
  }

  private async calendarsFor(
    keys: string[],
    profile: JurisdictionProfile,
  ): Promise<Map<string, WorkingCalendar>> {
    const map = new Map<string, WorkingCalendar>();
    for (const key of new Set([...keys, profile.calendar])) {
      map.set(
        key,
        await this.calendars
          .workingCalendar(key)
          .catch(() => ({ key, weekend: [0, 6], holidays: [], timeZone: 'UTC' })),
      );
    }
    return map;
  }
}

function definitions(profile: JurisdictionProfile): RegulatorReturn['definitions'] {
  return {
    opened: `Complaints received in the period (complaint.createdAt, UTC) that run under ${profile.name}; complaints received before profiles were recorded count under the organisation's profile.`,
    closed:
      'Complaints whose final response was sent in the period (complaint.resolvedAt, the latest one after a reopen), or, with no final response, that were closed in the period (complaint.closedAt).',
    bands:
      "Closed complaints by the time from receipt to the final response, on the complaint's working calendar: business days skip its weekend and holidays and run to the end of the last day; weeks and days are calendar time. Each complaint is in the first band it fits. Time waiting for the customer is not deducted: regulators count from receipt.",
    decisions:
      'Closed complaints by the decision on the complaint (upheld, partly upheld, not upheld): the one recorded in the investigation form, or set by staff afterwards. Complaints investigated on a process version without that field and never given one are derived: a remedy other than "none" counts as upheld, no remedy as not upheld.',
    redress:
      'Money paid to customers for closed complaints, by complaint category: the redress paid that staff recorded, else the remedy amount of the (latest) investigation. Complaints without an amount are left out.',
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const day = (d: Date): string => d.toISOString().slice(0, 10);
