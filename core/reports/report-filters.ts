import { z } from 'zod';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

const day = z
  .string()
  .trim()
  .regex(DATE_ONLY, 'must be a date, YYYY-MM-DD')
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), { message: 'must be a real date' });

/**
 * Query of `/api/reports` and the reports page: a period of days (both included, UTC) and an
 * optional department. Without a period: the last 12 months up to today.
 */
export const reportQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    department: z.string().trim().min(1).max(100).optional(),
    granularity: z.enum(['week', 'month']).default('month'),
  })
  .transform((q, ctx) => {
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    const to = q.to ? new Date(`${q.to}T00:00:00Z`) : today;
    const from = q.from
      ? new Date(`${q.from}T00:00:00Z`)
      : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate() + 1));
    if (from > to) ctx.addIssue({ code: 'custom', message: '"from" must not be after "to"', path: ['from'] });
    if (to.getTime() - from.getTime() > 10 * 366 * DAY)
      ctx.addIssue({ code: 'custom', message: 'the period may be at most 10 years', path: ['from'] });
    return { from, to: new Date(to.getTime() + DAY), department: q.department, granularity: q.granularity };
  });

/** A report's scope: complaints received in [from, to) (UTC), optionally of one department. */
export interface ReportFilters {
  from: Date;
  /** Exclusive: the day after the last day asked for. */
  to: Date;
  department?: string;
  granularity: 'week' | 'month';
}

/** The `YYYY-MM-DD` days a filter covers, for echoing in forms and JSON. */
export function periodDays(f: ReportFilters): { from: string; to: string } {
  return {
    from: f.from.toISOString().slice(0, 10),
    to: new Date(f.to.getTime() - DAY).toISOString().slice(0, 10),
  };
}
