import { z } from 'zod';
import { CHANNELS, COMPLAINT_TYPES } from '../db/entities';

/** SLA filter: an open task past its due time now; any task finished (or withdrawn) late, or overdue; neither. */
export const SLA_STATUSES = ['overdue', 'breached', 'within'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date or date-time. A bare date means the start of that day (UTC) for `from`, and the end of it
 * for `to` (the day is included), which is what people mean by "from 1 March to 31 March".
 */
const boundary = (end: boolean) =>
  z
    .string()
    .trim()
    .max(40)
    .refine((v) => !Number.isNaN(new Date(v).getTime()), {
      message: 'must be a date (YYYY-MM-DD) or an ISO date-time',
    })
    .transform((v) => {
      const d = new Date(DATE_ONLY.test(v) ? `${v}T00:00:00.000Z` : v);
      return end && DATE_ONLY.test(v) ? new Date(d.getTime() + 86_400_000) : d;
    });

/** What the compliance search accepts (query string of the page and of the JSON API). */
export const complaintSearchSchema = z
  .object({
    trackingCode: z.string().trim().toUpperCase().max(40).optional(),
    /** Part of the customer's name, email or phone. */
    customer: z.string().trim().min(3, 'at least 3 characters').max(200).optional(),
    customerId: z.uuid().optional(),
    /** Words in the subject or description (web-search syntax: "exact phrase", -not, or). */
    text: z.string().trim().min(1).max(500).optional(),
    category: z.string().trim().max(100).optional(),
    channel: z.enum(CHANNELS).optional(),
    type: z.enum(COMPLAINT_TYPES).optional(),
    stage: z.string().trim().max(50).optional(),
    status: z.enum(['open', 'closed']).optional(),
    department: z.string().trim().max(100).optional(),
    product: z.string().trim().max(200).optional(),
    from: boundary(false).optional(),
    to: boundary(true).optional(),
    sla: z.enum(SLA_STATUSES).optional(),
    /** Staff username: complaints with a task assigned to or completed by them. */
    assignee: z.string().trim().max(320).optional(),
    processKey: z.string().trim().max(200).optional(),
    // A PostgreSQL integer: a larger number must not reach the query.
    processVersion: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(300).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '"from" must be before "to"', path: ['to'] });

export type ComplaintSearchFilters = z.infer<typeof complaintSearchSchema>;

/** Form fields left empty arrive as ''; they mean "no filter". */
export function withoutEmpty(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== '' && v !== undefined && !Array.isArray(v)),
  );
}
