import { z } from 'zod';
import { calendarProblems, parseClockDuration } from '../../workflows/engine/calendar';
import { SUPPORTED_LOCALES } from '../i18n';

/** `P<n>BD` or an ISO 8601 duration, as the clocks read them. */
export const clockDurationText = z.string().refine(
  (v) => {
    try {
      parseClockDuration(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be P<n>BD (business days) or an ISO 8601 duration like PT24H, P30D, P8W, P6M' },
);
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _, starting with a letter');
const locale = z.enum(SUPPORTED_LOCALES);

/** One deadline clock of a profile: a budget, what starts and stops it, its alerts and the rule it comes from. */
export const profileClockSchema = z.object({
  label: z.string().min(1),
  /** The rule it implements, e.g. `FCA DISP 1.6.2R`. */
  rule: z.string().optional(),
  budget: clockDurationText,
  endOfDay: z.boolean().optional(),
  warnBefore: clockDurationText.optional(),
  breachAlert: z.boolean().default(true),
  pausable: z.boolean().default(true),
  /**
   * The regime lets the clock stop while the complaint waits for the customer's answer to a question
   * (the workflow pauses it when staff ask, resumes it when the customer replies). Default false:
   * most regimes count from receipt whatever the customer does.
   */
  pauseWhileAwaitingCustomer: z.boolean().default(false),
  /** `receipt`: started at intake; `manual`: staff start it; `{stage}`: when the complaint enters that stage. */
  start: z.union([z.literal('receipt'), z.literal('manual'), z.object({ stage: z.string().min(1) })]),
  stopOnStage: z.string().min(1).optional(),
  /** Longer budgets staff may switch to, with the reason the rule allows (e.g. PSD2's 35 business days). */
  extensions: z.array(z.object({ budget: clockDurationText, label: z.string().min(1) })).default([]),
});

/** A mandatory clause of final-response letters: how to recognise it, and standard wording to install. */
export const clauseSchema = z.object({
  key,
  label: z.string().min(1),
  /** Per locale: the clause is present when the letter contains one of these (case and spacing ignored). */
  markers: z.partialRecord(locale, z.array(z.string().min(2)).min(1)),
  /** Per locale: standard wording that contains a marker, for installing the letter pack. */
  text: z.partialRecord(locale, z.string().min(1)),
});

/** A time band of regulator returns: complaints closed within `upTo` of receipt (null: everything after). */
export const returnBandSchema = z.object({
  key,
  label: z.string().min(1),
  upTo: clockDurationText.nullable(),
  endOfDay: z.boolean().optional(),
});

/** A jurisdiction profile: ready-made clocks, letter clauses and returns of one regulatory regime. */
export const profileSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    name: z.string().min(1),
    regulator: z.string().min(1),
    description: z.string().min(1),
    /** Default working calendar (a `working_calendar` key). */
    calendar: z.string().min(1),
    clocks: z.record(key, profileClockSchema),
    letterPack: z.object({
      /** Message kinds that are final responses (checked at preview and deploy). */
      finalResponseKinds: z.array(z.string().min(1)).default(['resolution']),
      clauses: z.array(clauseSchema).default([]),
    }),
    returns: z.object({ bands: z.array(returnBandSchema).min(1) }),
  })
  .superRefine((p, ctx) => {
    const locales = new Set<string>();
    for (const clause of p.letterPack.clauses) {
      for (const [loc, text] of Object.entries(clause.text)) {
        locales.add(loc);
        const markers = clause.markers[loc as keyof typeof clause.markers] ?? [];
        if (!markers.some((m) => normaliseText(text).includes(normaliseText(m))))
          ctx.addIssue({
            code: 'custom',
            message: `clause ${clause.key}: the ${loc} text contains none of its markers`,
            path: ['letterPack'],
          });
      }
    }
    if (p.returns.bands[p.returns.bands.length - 1]?.upTo !== null)
      ctx.addIssue({
        code: 'custom',
        message: 'the last return band must be open-ended (upTo: null)',
        path: ['returns'],
      });
  });

export type JurisdictionProfile = z.infer<typeof profileSchema>;
export type ProfileClock = z.infer<typeof profileClockSchema>;
export type MandatoryClause = z.infer<typeof clauseSchema>;

/** Lower case, tags removed, entities and runs of spaces folded: how letters are compared with markers. */
export function normaliseText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[\u200c\u200f\u200e]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase();
}

/** Problems of a calendar read from the database, in words for the admin page. */
export function workingCalendarProblems(calendar: {
  weekend: number[];
  holidays: string[];
  timeZone: string;
}): string[] {
  return calendarProblems(calendar);
}
