import { z } from 'zod';
import type { Config } from '../config/config';

const isoDuration = z
  .string()
  .regex(
    /^(R\d*\/)?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    'must be an ISO 8601 duration like P5D or PT48H',
  );

/** Variables the default model reads: SLA durations for its timers and the agent's approval limit. */
export const processDefaultsSchema = z.object({
  approvalLimit: z.number().nonnegative().default(500),
  sla: z
    .object({
      /** Due date of the investigation task. */
      investigation: isoDuration.default('P5D'),
      /** Reminders to the investigating group while it is open (repeating). */
      investigationReminderCycle: isoDuration.default('R2/P2D'),
      /** After this the investigation escalates to a supervisor and the customer gets an apology. */
      investigationDeadline: isoDuration.default('P10D'),
      /** Survey reminder, then time-out. */
      surveyReminder: isoDuration.default('P7D'),
      surveyTimeout: isoDuration.default('P7D'),
      /** Final response promised in the acknowledgment. */
      finalResponse: isoDuration.default('P15D'),
    })
    .prefault({}),
});

export type ProcessDefaults = z.infer<typeof processDefaultsSchema>;

export function processDefaults(config: Config): ProcessDefaults {
  return processDefaultsSchema.parse(config.PROCESS_DEFAULTS ? JSON.parse(config.PROCESS_DEFAULTS) : {});
}

/** Calendar arithmetic for the date the acknowledgment promises (days and weeks; business days come with the clocks). */
export function addIsoDuration(from: Date, iso: string): Date {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return from;
  const [, w, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return new Date(
    from.getTime() + ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 3600 + (min ?? 0) * 60 + (s ?? 0)) * 1000,
  );
}
