import type { DataSource } from 'typeorm';
import { periodDays, type ReportFilters } from './report-filters';

/** A figure with its written definition, so the page and the JSON always say what was counted. */
export interface Figure<T> {
  title: string;
  definition: string;
  value: T;
}

export interface Bucket {
  period: string;
  complaints: number;
}
export interface Volume {
  total: number;
  buckets: Bucket[];
  /** Least-squares slope: complaints per bucket gained (+) or lost (−) per bucket. */
  trendPerBucket: number | null;
  trend: 'rising' | 'falling' | 'flat' | 'n/a';
}
export interface Share {
  value: string;
  complaints: number;
  share: number;
}
export interface DurationStats {
  count: number;
  averageHours: number | null;
  p90Hours: number | null;
}
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
export interface Satisfaction {
  good: number;
  bad: number;
  neutral: number;
  answered: number;
  invited: number;
  score: number | null;
  responseRate: number | null;
}
export interface RemedyLine {
  remedyType: string;
  count: number;
  totalCost: number;
  averageCost: number | null;
}
export interface Remedies {
  granted: number;
  totalCost: number;
  byType: RemedyLine[];
}
export interface ElementWait {
  elementId: string;
  name: string | null;
  visits: number;
  finished: number;
  stillWaiting: number;
  averageHours: number | null;
  p90Hours: number | null;
}
export interface StepDeadlines {
  elementId: string;
  name: string | null;
  withDeadline: number;
  met: number;
  missed: number;
  missedShare: number | null;
}

export const BREAKDOWN_DIMENSIONS = ['type', 'category', 'channel', 'product', 'department'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Everything the reports page shows. */
export interface Report {
  period: { from: string; to: string; department: string | null; granularity: 'week' | 'month' };
  scope: string;
  generatedAt: string;
  figures: {
    volume: Figure<Volume>;
    byType: Figure<Share[]>;
    byCategory: Figure<Share[]>;
    byChannel: Figure<Share[]>;
    byProduct: Figure<Share[]>;
    byDepartment: Figure<Share[]>;
    timeToAcknowledge: Figure<DurationStats>;
    timeToResolve: Figure<DurationStats>;
    resolvedWithinSla: Figure<Rate>;
    taskDeadlinesMet: Figure<Rate>;
    firstContactResolution: Figure<Rate>;
    repeatComplaints: Figure<Rate>;
    reopenRate: Figure<Rate>;
    satisfaction: Figure<Satisfaction>;
    remedies: Figure<Remedies>;
    waitingTimes: Figure<ElementWait[]>;
    deadlinesByStep: Figure<StepDeadlines[]>;
  };
}

const SCOPE =
  'Every figure counts complaints received (created) in the period, in UTC, of the chosen department when one is set.';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator ? numerator / denominator : null,
});
const LABEL: Record<BreakdownDimension, string> = {
  type: 'type',
  category: 'category',
  channel: 'channel',
  product: 'product or service',
  department: 'department',
};

/**
 * Management and audit figures, one method per figure, each a single SQL statement over the
 * complaint record (and its tasks, messages and timeline). Durations are in hours; rates are
 * fractions in [0, 1] (null when nothing was counted).
 */
export class ReportService {
  private readonly cache = new Map<string, { at: number; report: Promise<Report> }>();

  constructor(
    private readonly dataSource: DataSource,
    /** The final-response deadline the acknowledgment promises (sla.finalResponse), in hours. */
    private readonly finalResponseHours: number,
    /**
     * How long a whole report is reused for the same filters. The reports page and its charts ask
     * for the same figures within a second; a year of a large organisation takes seconds to count.
     */
    private readonly cacheMs = 60_000,
  ) {}

  /** All figures for the filters, computed at most once per `cacheMs` (see `generatedAt`). */
  report(f: ReportFilters): Promise<Report> {
    const key = JSON.stringify(f);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.report;
    const report = this.compute(f);
    this.cache.set(key, { at: Date.now(), report });
    report.catch(() => this.cache.delete(key));
    // A small cache: the oldest entries go first.
    for (const k of this.cache.keys()) {
      if (this.cache.size <= 50) break;
      this.cache.delete(k);
    }
    return report;
  }

  /** All figures for the filters (queries run in parallel on the pool). */
  private async compute(f: ReportFilters): Promise<Report> {
    const [
      volume,
      byType,
      byCategory,
      byChannel,
      byProduct,
      byDepartment,
      ack,
      resolve,
      withinSla,
      deadlines,
      fcr,
      repeat,
      reopen,
      satisfaction,
      remedies,
      waits,
      steps,
    ] = await Promise.all([
      this.volume(f),
      this.breakdown(f, 'type'),
      this.breakdown(f, 'category'),
      this.breakdown(f, 'channel'),
      this.breakdown(f, 'product'),
      this.breakdown(f, 'department'),
      this.timeToAcknowledge(f),
      this.timeToResolve(f),
      this.resolvedWithinSla(f),
      this.taskDeadlinesMet(f),
      this.firstContactResolution(f),
      this.repeatComplaints(f),
      this.reopenRate(f),
      this.satisfaction(f),
      this.remedies(f),
      this.waitingTimes(f),
      this.deadlinesByStep(f),
    ]);
    return {
      period: { ...periodDays(f), department: f.department ?? null, granularity: f.granularity },
      scope: SCOPE,
      generatedAt: new Date().toISOString(),
      figures: {
        volume,
        byType,
        byCategory,
        byChannel,
        byProduct,
        byDepartment,
        timeToAcknowledge: ack,
        timeToResolve: resolve,
        resolvedWithinSla: withinSla,
        taskDeadlinesMet: deadlines,
        firstContactResolution: fcr,
        repeatComplaints: repeat,
        reopenRate: reopen,
        satisfaction,
        remedies,
        waitingTimes: waits,
        deadlinesByStep: steps,
      },
    };
  }

  /**
   * Runs one report statement in a read-only transaction (a report can never write) with more
   * memory for its sorts and hashes than an OLTP request gets, so a year of complaints is sorted
   * in memory rather than in temporary files.
   */
  private query<T>(sql: string, params: unknown[] = []): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SET TRANSACTION READ ONLY`);
      await m.query(`SET LOCAL work_mem = '64MB'`);
      return m.query<T>(sql, params);
    });
  }

  /** `c` restricted to the period and department; parameters $1, $2 (and $3). */
  private scope(f: ReportFilters): { where: string; params: unknown[] } {
    const params: unknown[] = [f.from, f.to];
    let where = `c."createdAt" >= $1 AND c."createdAt" < $2`;
    if (f.department) {
      params.push(f.department);
      where += ` AND c."department" = $3`;
    }
    return { where, params };
  }

  /**
   * Complaints per week (ISO weeks from Monday) or calendar month, every bucket of the period listed
   * (empty ones as 0), and the trend: the least-squares slope of the counts over the buckets.
   */
  async volume(f: ReportFilters): Promise<Figure<Volume>> {
    const { where, params } = this.scope(f);
    const unit = f.granularity === 'week' ? 'week' : 'month';
    const rows = await this.query<{ period: string; n: number; slope: number | null }[]>(
      `WITH series AS (
         SELECT gs AS bucket
           FROM generate_series(date_trunc('${unit}', $1::timestamptz AT TIME ZONE 'UTC'),
                                date_trunc('${unit}', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
                                interval '1 ${unit}') gs
       ), counts AS (
         SELECT date_trunc('${unit}', c."createdAt" AT TIME ZONE 'UTC') AS bucket, count(*)::int AS n
           FROM "complaint" c WHERE ${where} GROUP BY 1
       ), joined AS (
         SELECT s.bucket, coalesce(k.n, 0) AS n, row_number() OVER (ORDER BY s.bucket) AS i
           FROM series s LEFT JOIN counts k ON k.bucket = s.bucket
       )
       SELECT to_char(bucket, 'YYYY-MM-DD') AS period, n, (SELECT regr_slope(n, i) FROM joined)::float8 AS slope
         FROM joined ORDER BY bucket`,
      params,
    );
    const buckets = rows.map((r) => ({ period: r.period, complaints: Number(r.n) }));
    const total = buckets.reduce((s, b) => s + b.complaints, 0);
    const slope = buckets.length > 1 ? num(rows[0]?.slope) : null;
    const mean = buckets.length ? total / buckets.length : 0;
    // "Flat" when the change over the whole period is under 5 % of the average bucket.
    const trend =
      slope === null
        ? 'n/a'
        : Math.abs(slope * (buckets.length - 1)) < 0.05 * mean || slope === 0
          ? 'flat'
          : slope > 0
            ? 'rising'
            : 'falling';
    return {
      title: `Complaints per ${unit} and trend`,
      definition:
        `Number of complaints received in each ${unit === 'week' ? 'ISO week (Monday to Sunday, UTC)' : 'calendar month (UTC)'} of the period. ` +
        'Trend: the least-squares slope of these counts (complaints gained or lost per bucket); "flat" when the fitted change over the period is under 5 % of the average.',
      value: { total, buckets, trendPerBucket: slope, trend },
    };
  }

  /** Complaints by one attribute (type, category, channel, product, department), largest first; "(none)" when not set. */
  async breakdown(f: ReportFilters, dimension: BreakdownDimension): Promise<Figure<Share[]>> {
    const { where, params } = this.scope(f);
    const rows = await this.query<{ value: string; n: number }[]>(
      `SELECT coalesce(c."${dimension}", '(none)') AS value, count(*)::int AS n
         FROM "complaint" c WHERE ${where} GROUP BY 1 ORDER BY n DESC, coalesce(c."${dimension}", '(none)') COLLATE "C"`,
      params,
    );
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    return {
      title: `Complaints by ${LABEL[dimension]}`,
      definition: `Complaints received in the period, counted by ${LABEL[dimension]} (as classified at triage; "(none)" when not set), with each one's share of the total.`,
      value: rows.map((r) => ({
        value: r.value,
        complaints: Number(r.n),
        share: total ? Number(r.n) / total : 0,
      })),
    };
  }

  private async durations(f: ReportFilters, column: 'acknowledgedAt' | 'resolvedAt'): Promise<DurationStats> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<{ n: number; avg: number | null; p90: number | null }[]>(
      `SELECT count(*)::int AS n, avg(h)::float8 AS avg, percentile_cont(0.9) WITHIN GROUP (ORDER BY h)::float8 AS p90
         FROM (SELECT extract(epoch FROM (c."${column}" - c."createdAt")) / 3600.0 AS h
                 FROM "complaint" c WHERE ${where} AND c."${column}" IS NOT NULL) d`,
      params,
    );
    return { count: Number(row?.n ?? 0), averageHours: num(row?.avg), p90Hours: num(row?.p90) };
  }

  /** Hours from receipt to the first acknowledgment sent: average and 90th percentile. */
  async timeToAcknowledge(f: ReportFilters): Promise<Figure<DurationStats>> {
    return {
      title: 'Time to acknowledge',
      definition:
        'Hours from receipt of the complaint to the acknowledgment being sent (complaint.acknowledgedAt), over complaints acknowledged so far: the mean, and the 90th percentile (percentile_cont(0.9): 90 % were acknowledged within it).',
      value: await this.durations(f, 'acknowledgedAt'),
    };
  }

  /** Hours from receipt to the (latest) resolution sent: average and 90th percentile. */
  async timeToResolve(f: ReportFilters): Promise<Figure<DurationStats>> {
    return {
      title: 'Time to resolve',
      definition:
        'Hours from receipt to the resolution being sent to the customer (complaint.resolvedAt; after a reopen, the latest resolution), over complaints resolved so far: the mean and the 90th percentile (percentile_cont(0.9)).',
      value: await this.durations(f, 'resolvedAt'),
    };
  }

  /** Resolved complaints whose resolution went out within the final-response deadline. */
  async resolvedWithinSla(f: ReportFilters): Promise<Figure<Rate>> {
    const { where, params } = this.scope(f);
    params.push(this.finalResponseHours);
    const [row] = await this.query<{ resolved: number; within: number }[]>(
      `SELECT count(*)::int AS resolved,
              count(*) FILTER (WHERE c."resolvedAt" <= c."createdAt" + make_interval(secs => $${params.length} * 3600))::int AS within
         FROM "complaint" c WHERE ${where} AND c."resolvedAt" IS NOT NULL`,
      params,
    );
    return {
      title: 'Resolved within the deadline',
      definition: `Resolved complaints whose resolution was sent within the final-response deadline promised in the acknowledgment (${this.finalResponseHours} hours of calendar time from receipt, the process setting sla.finalResponse) ÷ resolved complaints.`,
      value: rate(Number(row?.within ?? 0), Number(row?.resolved ?? 0)),
    };
  }

  /** Share of task deadlines met (SLA compliance per step deadline). */
  async taskDeadlinesMet(f: ReportFilters): Promise<Figure<Rate>> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<{ met: number; missed: number }[]>(
      `SELECT count(*) FILTER (WHERE h."status" = 'completed' AND h."completedAt" <= h."dueAt")::int AS met,
              count(*) FILTER (WHERE h."completedAt" > h."dueAt" OR (h."status" = 'open' AND h."dueAt" < now()))::int AS missed
         FROM "human_task" h JOIN "complaint" c ON c."id" = h."complaintId"
        WHERE ${where} AND h."dueAt" IS NOT NULL`,
      params,
    );
    const met = Number(row?.met ?? 0);
    const missed = Number(row?.missed ?? 0);
    return {
      title: 'Task deadlines met (SLA compliance)',
      definition:
        "Deadlines met ÷ deadlines that came due. A deadline is a task's due time (human_task.dueAt): met when the task was completed by then; missed when it was completed or withdrawn (escalated) after it, or is still open past it. Open tasks not yet due, and tasks withdrawn before their due time, are not counted.",
      value: rate(met, met + missed),
    };
  }

  /** First-contact resolution: closed without a reopen and with at most one resolution reply. */
  async firstContactResolution(f: ReportFilters): Promise<Figure<Rate>> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<{ closed: number; fcr: number }[]>(
      `WITH closed AS (
         SELECT c."id", c."reopenCount" FROM "complaint" c WHERE ${where} AND c."status" = 'closed'
       ), steps AS (
         -- a step's email and SMS share the outbox key up to the channel: "<workflow>:<wait>:<channel>"
         SELECT m."complaintId", left(m."idempotencyKey", length(m."idempotencyKey") - strpos(reverse(m."idempotencyKey"), ':')) AS step
           FROM "outbound_message" m JOIN closed ON closed."id" = m."complaintId"
          WHERE m."template" = 'resolution'
          GROUP BY 1, 2
       ), replies AS (
         SELECT "complaintId", count(*) AS n FROM steps GROUP BY 1
       )
       SELECT count(*)::int AS closed, count(*) FILTER (WHERE closed."reopenCount" = 0 AND coalesce(r.n, 0) <= 1)::int AS fcr
         FROM closed LEFT JOIN replies r ON r."complaintId" = closed."id"`,
      params,
    );
    return {
      title: 'First-contact resolution',
      definition:
        'Closed complaints solved with fewer than two staff replies and never reopened ÷ closed complaints. A staff reply is a resolution message (template "resolution"; its email and SMS for the same step count once); any reopen (reopenCount > 0) cancels it.',
      value: rate(Number(row?.fcr ?? 0), Number(row?.closed ?? 0)),
    };
  }

  /** Complaints from a customer who had complained in the 12 months before. */
  async repeatComplaints(f: ReportFilters): Promise<Figure<Rate>> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<{ total: number; repeat: number }[]>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM "complaint" p
                 WHERE p."customerId" = c."customerId"
                   AND p."createdAt" < c."createdAt" AND p."createdAt" >= c."createdAt" - interval '12 months'))::int AS repeat
         FROM "complaint" c WHERE ${where}`,
      params,
    );
    return {
      title: 'Repeat complaints',
      definition:
        'Complaints whose customer (same customer record: same email or phone) had already complained in the 12 months before it (any department) ÷ complaints received in the period.',
      value: rate(Number(row?.repeat ?? 0), Number(row?.total ?? 0)),
    };
  }

  /** Resolved complaints reopened at least once. */
  async reopenRate(f: ReportFilters): Promise<Figure<Rate>> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<{ resolved: number; reopened: number }[]>(
      `SELECT count(*)::int AS resolved, count(*) FILTER (WHERE c."reopenCount" > 0)::int AS reopened
         FROM "complaint" c WHERE ${where} AND c."resolvedAt" IS NOT NULL`,
      params,
    );
    return {
      title: 'Reopen rate',
      definition:
        'Complaints reopened at least once after a dissatisfied survey answer (reopenCount > 0) ÷ complaints that received a resolution.',
      value: rate(Number(row?.reopened ?? 0), Number(row?.resolved ?? 0)),
    };
  }

  /** Survey satisfaction (good ÷ good + bad) and the survey response rate. */
  async satisfaction(f: ReportFilters): Promise<Figure<Satisfaction>> {
    const { where, params } = this.scope(f);
    const [row] = await this.query<
      {
        good: number;
        bad: number;
        neutral: number;
        answered: number;
        invited: number;
        invitedAnswered: number;
      }[]
    >(
      `SELECT count(*) FILTER (WHERE c."satisfaction" >= 4)::int AS good,
              count(*) FILTER (WHERE c."satisfaction" <= 2)::int AS bad,
              count(*) FILTER (WHERE c."satisfaction" = 3)::int AS neutral,
              count(*) FILTER (WHERE c."satisfaction" IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE i.invited)::int AS invited,
              count(*) FILTER (WHERE i.invited AND c."satisfaction" IS NOT NULL)::int AS "invitedAnswered"
         FROM "complaint" c
         LEFT JOIN LATERAL (
           SELECT true AS invited FROM "outbound_message" m WHERE m."complaintId" = c."id" AND m."template" = 'survey-invitation' AND m."status" <> 'skipped' LIMIT 1
         ) i ON true
        WHERE ${where}`,
      params,
    );
    const good = Number(row?.good ?? 0);
    const bad = Number(row?.bad ?? 0);
    const invited = Number(row?.invited ?? 0);
    return {
      title: 'Satisfaction and survey response rate',
      definition:
        'Satisfaction = good ÷ (good + bad), over the last survey answer of each complaint: good is 4 or 5, bad is 1 or 2 (of 5); neutral answers (3) and unanswered surveys are left out. Response rate = complaints whose survey was answered ÷ complaints whose customer was sent a survey invitation.',
      value: {
        good,
        bad,
        neutral: Number(row?.neutral ?? 0),
        answered: Number(row?.answered ?? 0),
        invited,
        score: good + bad ? good / (good + bad) : null,
        responseRate: invited ? Number(row?.invitedAnswered ?? 0) / invited : null,
      },
    };
  }

  /** Remedies granted at closure, by type, with their cost. */
  async remedies(f: ReportFilters): Promise<Figure<Remedies>> {
    const { where, params } = this.scope(f);
    const rows = await this.query<{ remedyType: string; n: number; total: string; avg: string | null }[]>(
      `SELECT c."remedyType" AS "remedyType", count(*)::int AS n,
              coalesce(sum(c."remedyAmount"), 0)::numeric(14,2)::text AS total, avg(c."remedyAmount")::numeric(14,2)::text AS avg
         FROM "complaint" c
        WHERE ${where} AND c."status" = 'closed' AND c."remedyType" IS NOT NULL AND c."remedyType" <> 'none'
        GROUP BY 1 ORDER BY sum(c."remedyAmount") DESC NULLS LAST, c."remedyType" COLLATE "C"`,
      params,
    );
    const byType = rows.map((r) => ({
      remedyType: r.remedyType,
      count: Number(r.n),
      totalCost: Number(r.total),
      averageCost: num(r.avg),
    }));
    return {
      title: 'Remedies granted and their cost',
      definition:
        'Closed complaints with a remedy recorded at closure (refund, replacement, repair, discount, apology; "none" excluded), counted by type, with the sum and mean of the remedy amounts entered by staff (amounts left empty count as no cost).',
      value: {
        granted: byType.reduce((s, r) => s + r.count, 0),
        totalCost: Math.round(byType.reduce((s, r) => s + r.totalCost, 0) * 100) / 100,
        byType,
      },
    };
  }

  /** Where complaints wait longest: time spent in each user task, from the timeline. */
  async waitingTimes(f: ReportFilters): Promise<Figure<ElementWait[]>> {
    const { where, params } = this.scope(f);
    const rows = await this.query<
      {
        elementId: string;
        visits: number;
        finished: number;
        waiting: number;
        avg: number | null;
        p90: number | null;
      }[]
    >(
      // One pass: each user-task entry paired with the next trail entry of the same token on the
      // same element (lead() over the partial index timeline_entry_user_task), never a probe per visit.
      `WITH moves AS (
         SELECT e."elementId", e."kind", e."occurredAt", c."status",
                lead(e."kind") OVER w AS "nextKind", lead(e."occurredAt") OVER w AS "nextAt"
           FROM "complaint" c JOIN "timeline_entry" e ON e."complaintId" = c."id"
          WHERE ${where} AND e."kind" IN ('elementEntered', 'elementLeft') AND (e."data"->>'kind') = 'userTask'
         WINDOW w AS (PARTITION BY e."workflowId", e."elementId", e."data"->>'tokenId' ORDER BY e."seq")
       ), stays AS (
         SELECT "elementId", "status",
                CASE WHEN "nextKind" = 'elementLeft' THEN extract(epoch FROM ("nextAt" - "occurredAt")) / 3600.0 END AS h
           FROM moves WHERE "kind" = 'elementEntered'
       )
       SELECT "elementId", count(*)::int AS visits, count(h)::int AS finished,
              count(*) FILTER (WHERE h IS NULL AND "status" = 'open')::int AS waiting,
              avg(h)::float8 AS avg, percentile_cont(0.9) WITHIN GROUP (ORDER BY h)::float8 AS p90
         FROM stays GROUP BY 1 ORDER BY avg DESC NULLS LAST, 1`,
      params,
    );
    const names = await this.elementNames(rows.map((r) => r.elementId));
    return {
      title: 'Where complaints wait longest',
      definition:
        'For each user task of the process: the time between a complaint entering it and leaving it (timeline elementEntered → the next elementLeft of that element by the same token), averaged and at the 90th percentile, over the visits that ended; still waiting counts visits of open complaints that have not left it yet. Longest first.',
      value: rows.map((r) => ({
        elementId: r.elementId,
        name: names.get(r.elementId) ?? null,
        visits: Number(r.visits),
        finished: Number(r.finished),
        stillWaiting: Number(r.waiting),
        averageHours: num(r.avg),
        p90Hours: num(r.p90),
      })),
    };
  }

  /** Which steps miss their deadlines: per task element, deadlines met and missed. */
  async deadlinesByStep(f: ReportFilters): Promise<Figure<StepDeadlines[]>> {
    const { where, params } = this.scope(f);
    const rows = await this.query<
      { elementId: string; name: string; n: number; met: number; missed: number }[]
    >(
      `SELECT h."elementId", max(h."name") AS name, count(*)::int AS n,
              count(*) FILTER (WHERE h."status" = 'completed' AND h."completedAt" <= h."dueAt")::int AS met,
              count(*) FILTER (WHERE h."completedAt" > h."dueAt" OR (h."status" = 'open' AND h."dueAt" < now()))::int AS missed
         FROM "human_task" h JOIN "complaint" c ON c."id" = h."complaintId"
        WHERE ${where} AND h."dueAt" IS NOT NULL
        GROUP BY 1 ORDER BY missed DESC, 1`,
      params,
    );
    return {
      title: 'Deadlines missed by step',
      definition:
        'For each task with a due time: tasks created, deadlines met, deadlines missed (as in "Task deadlines met"), and the share missed of those that came due.',
      value: rows.map((r) => {
        const met = Number(r.met);
        const missed = Number(r.missed);
        return {
          elementId: r.elementId,
          name: r.name,
          withDeadline: Number(r.n),
          met,
          missed,
          missedShare: met + missed ? missed / (met + missed) : null,
        };
      }),
    };
  }

  /** Element names from the newest deployed version that has each element. */
  private async elementNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.query<{ el: string; name: string | null }[]>(
      `SELECT DISTINCT ON (el) el, pd."compiled"->'elements'->el->>'name' AS name
         FROM unnest($1::text[]) AS el JOIN "process_definition" pd ON pd."compiled"->'elements' ? el
        ORDER BY el, pd."version" DESC`,
      [ids],
    );
    return new Map(rows.filter((r) => r.name).map((r) => [r.el, r.name!]));
  }
}
