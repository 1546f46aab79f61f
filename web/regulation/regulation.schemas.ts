import { z } from 'zod';
import { CLOCK_EVENT_KINDS } from '../../workflows/engine/calendar';
import { DECISIONS } from '../../core/regulation/returns.service';
import { LOCALES } from '../../templates/renderer';

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(
    (v) => {
      // 2023-02-30 rolls over to March; 0000-00-00 is no date at all (and toISOString would throw).
      const date = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
    },
    { message: 'must be a real date' },
  );

/** A calendar key: it is referred to by profiles, product mappings and complaints. */
export const calendarKeySchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9-]{1,39}$/,
    'A calendar key is 2–40 lower-case letters, digits or -, starting with a letter',
  );

const weekendDays = z
  .array(z.coerce.number().int().min(0).max(6))
  .max(6, 'At least one day of the week must be a working day');

export const newCalendarSchema = z.object({
  key: calendarKeySchema,
  name: z.string().trim().min(1, 'Enter a name').max(200),
  weekendDays,
  timeZone: z.string().trim().min(1, 'Enter a time zone such as Europe/London').max(64),
});

export const calendarPatchSchema = newCalendarSchema.omit({ key: true }).partial().strict();

export const holidaySchema = z.object({ date: day, name: z.string().trim().min(1, 'Enter a name').max(200) });

export const dateParamSchema = day;

/** A change of one clock: a pause needs a reason, an extension a budget. */
export const clockChangeSchema = z.object({
  reason: z.string().trim().max(500).optional(),
  budget: z.string().trim().max(20).optional(),
});
export const clockActionSchema = z.enum(CLOCK_EVENT_KINDS);

export const outcomeSchema = z
  .object({
    decision: z.enum(DECISIONS).optional(),
    // Stored as numeric(12, 2): at most 9 999 999 999.99.
    redressPaid: z
      .number()
      .nonnegative()
      .max(9_999_999_999.99, 'must be at most 9 999 999 999.99')
      .nullable()
      .optional(),
    rootCause: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

export const productMappingSchema = z.object({
  profileKey: z.string().trim().min(1).max(40),
  calendarKey: calendarKeySchema.nullable().optional(),
});

export const letterCheckSchema = z.object({
  kind: z.string().trim().min(1).max(40),
  locale: z.enum(LOCALES),
  text: z.string().max(200_000),
  profile: z.string().trim().min(1).max(40).optional(),
});

/** `/returns`: a profile and a period of days (both included, UTC); defaults: the organisation's profile, last month. */
export const returnQuerySchema = z
  .object({ profile: z.string().trim().min(1).max(40).optional(), from: day.optional(), to: day.optional() })
  .transform((q, ctx) => {
    const now = new Date();
    const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const from = q.from
      ? new Date(`${q.from}T00:00:00Z`)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : new Date(firstOfMonth);
    if (from >= to)
      ctx.addIssue({ code: 'custom', message: '"from" must not be after "to"', path: ['from'] });
    return { profile: q.profile, from, to };
  });
