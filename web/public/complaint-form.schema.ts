import { z } from 'zod';
import { COMPLAINT_TYPES } from '../../core/db/entities';
import { LOCALE_CODES, type ComplaintInput } from '../../core/complaints/intake.service';
import { CONTACT_PREFERENCES } from '../../core/messaging/contact-preference';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'customer.errors.tooLong')
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * The public form's fields as they arrive (strings from an HTML form). Messages are i18n keys, shown
 * in the customer's language next to the field and in the error summary.
 */
export const complaintFormSchema = z
  .object({
    type: z.enum(COMPLAINT_TYPES, 'customer.errors.typeRequired'),
    name: z
      .string('form.errors.nameRequired')
      .trim()
      .min(1, 'form.errors.nameRequired')
      .max(200, 'customer.errors.tooLong'),
    email: optionalText(320).pipe(z.email('form.errors.emailInvalid').optional()),
    phone: optionalText(40).pipe(
      z
        .string()
        .regex(/^\+?[0-9 ()-]{6,20}$/, 'form.errors.phoneInvalid')
        .optional(),
    ),
    contactPreference: z.enum(CONTACT_PREFERENCES, 'customer.errors.contactPreferenceRequired'),
    messageLocale: z.enum(LOCALE_CODES, 'customer.errors.languageRequired'),
    product: optionalText(200),
    subject: z
      .string('customer.errors.subjectRequired')
      .trim()
      .min(3, 'customer.errors.subjectRequired')
      .max(200, 'customer.errors.tooLong'),
    description: z
      .string('form.errors.descriptionRequired')
      .trim()
      .min(1, 'form.errors.descriptionRequired')
      .min(10, 'customer.errors.descriptionTooShort')
      .max(20_000, 'form.errors.descriptionTooLong'),
    desiredRemedy: optionalText(2_000),
    consent: z.literal('yes', 'form.errors.consentRequired'),
  })
  .superRefine(
    (v, ctx) => {
      if ((v.contactPreference === 'email' || v.contactPreference === 'both') && !v.email) {
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'customer.errors.emailRequired' });
      }
      if ((v.contactPreference === 'sms' || v.contactPreference === 'both') && !v.phone) {
        ctx.addIssue({ code: 'custom', path: ['phone'], message: 'customer.errors.phoneRequired' });
      }
      // Checked even when other fields are wrong, so the customer sees every problem at once.
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type ComplaintForm = z.output<typeof complaintFormSchema>;

/** The hidden fields every submission must carry. */
export const formControlSchema = z.object({
  idempotencyKey: z.uuid(),
  stamp: z.string().max(200),
  website: z.string().max(500).optional(),
});

/**
 * The intake input for a valid form: every contact detail the customer gave, with the preference
 * that decides which of them our messages use.
 */
export function toComplaintInput(form: ComplaintForm): ComplaintInput {
  return {
    customer: {
      name: form.name,
      email: form.email,
      phone: form.phone,
      locale: form.messageLocale,
      contactPreference: form.contactPreference,
    },
    channel: 'web',
    type: form.type,
    subject: form.subject,
    description: form.description,
    desiredRemedy: form.desiredRemedy,
    product: form.product,
  };
}
