import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { NoProcessDeployedError } from '../../core/complaints/intake.service';
import { COMPLAINT_TYPES } from '../../core/db/entities';
import { SUPPORTED_LOCALES, t, type Locale } from '../../core/i18n';
import type { ReceivedFile } from '../../core/intake/attachment-storage';
import { discardFiles } from '../../core/intake/attachment-storage';
import {
  checkFormStamp,
  honeypotTripped,
  HONEYPOT_FIELD,
  signFormStamp,
} from '../../core/intake/bot-protection';
import { ACCEPT_ATTRIBUTE, ATTACHMENT_LIMITS } from '../../core/intake/file-types';
import type { FormIntakeService } from '../../core/intake/form-intake.service';
import type { WebContext } from '../context';
import { CONTACT_PREFERENCES } from '../../core/messaging/contact-preference';
import { complaintFormSchema, formControlSchema, toComplaintInput } from './complaint-form.schema';
import { FILES_FIELD, readMultipart } from './multipart';
import { customerLocale } from './public-locale';
import { renderCustomerPage } from './public-pages';
import { customerRateLimit, RATE_LIMITS } from './rate-limits';
import { findHostileInput } from '../../core/security/hostile-keys';

/** The order fields appear in on the page, for the error summary. */
const FIELD_ORDER = [
  'type',
  'name',
  'contactPreference',
  'email',
  'phone',
  'messageLocale',
  'product',
  'subject',
  'description',
  'desiredRemedy',
  FILES_FIELD,
  'consent',
  'form',
];

interface FieldError {
  field: string;
  message: string;
}

type FormValues = Record<string, string>;

const MB = ATTACHMENT_LIMITS.maxBytes / (1024 * 1024);

function stringValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>))
      if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function fileErrors(locale: Locale, files: ReceivedFile[]): FieldError[] {
  const errors: FieldError[] = [];
  if (files.some((f) => f.problem === 'tooMany'))
    errors.push({
      field: FILES_FIELD,
      message: t(locale, 'form.errors.tooManyFiles', { count: ATTACHMENT_LIMITS.maxFiles }),
    });
  for (const f of files) {
    if (f.problem === 'tooLarge')
      errors.push({
        field: FILES_FIELD,
        message: t(locale, 'form.errors.fileTooLarge', { name: f.originalName, size: MB }),
      });
    if (f.problem === 'type')
      errors.push({
        field: FILES_FIELD,
        message: t(locale, 'form.errors.fileType', { name: f.originalName }),
      });
    if (f.problem === 'empty')
      errors.push({
        field: FILES_FIELD,
        message: t(locale, 'customer.errors.fileEmpty', { name: f.originalName }),
      });
  }
  return errors;
}

/**
 * The public complaint form (`/complain`): a plain HTML form that works without JavaScript, posts
 * multipart with attachments, and answers with a confirmation page carrying the tracking code. No
 * session, so no CSRF token; bots are kept out by a honeypot, a signed time stamp and a rate limit.
 */
export function complaintFormController(
  ctx: WebContext,
  formIntake: FormIntakeService,
  attachmentsDir: string,
): Router {
  const router = Router();

  const show = (
    req: Request,
    res: Response,
    opts: {
      locale: Locale;
      values?: FormValues;
      errors?: FieldError[];
      status?: number;
      idempotencyKey?: string;
    },
  ): void => {
    const values = opts.values ?? {};
    const errors = opts.errors ?? [];
    const sorted = [...errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
    const errorOf = Object.fromEntries(
      FIELD_ORDER.map((f) => [f, errors.filter((e) => e.field === f).map((e) => e.message)]),
    );
    const locale = opts.locale;
    renderCustomerPage(
      res,
      'complain',
      {
        title: errors.length
          ? `${t(locale, 'form.errors.summaryTitle')}: ${t(locale, 'form.title')}`
          : t(locale, 'form.title'),
        locale,
        values: { type: 'complaint', contactPreference: 'email', messageLocale: locale, ...values },
        errors: sorted.map((e) => ({ ...e, href: `#field-${e.field === 'form' ? 'name' : e.field}` })),
        errorOf,
        hasErrors: errors.length > 0,
        types: COMPLAINT_TYPES.map((value) => ({ value, label: t(locale, `complaintType.${value}`) })),
        preferences: CONTACT_PREFERENCES.map((value) => ({
          value,
          label: t(locale, `form.contactPreference.${value}`),
        })),
        languages: SUPPORTED_LOCALES.map((code) => ({ code, name: t(code, `language.${code}`) })),
        stamp: signFormStamp(ctx.secret),
        idempotencyKey: opts.idempotencyKey ?? randomUUID(),
        honeypot: HONEYPOT_FIELD,
        accept: ACCEPT_ATTRIBUTE,
        filesHint: t(locale, 'form.attachments.hint', { count: ATTACHMENT_LIMITS.maxFiles, size: MB }),
        filesField: FILES_FIELD,
        action: `/complain?lang=${locale}`,
      },
      opts.status ?? 200,
    );
  };

  router.get('/complain', (req, res) => show(req, res, { locale: customerLocale(req, res) }));

  router.post('/complain', customerRateLimit(RATE_LIMITS.complaintForm), async (req, res) => {
    const locale = customerLocale(req, res);
    const upload = await readMultipart(req, res, attachmentsDir);
    const values = stringValues(req.body);
    const reject = (errors: FieldError[], status = 400): void => {
      discardFiles(attachmentsDir, upload.files);
      // Files cannot be put back into a file input: say so when some were sent.
      if (upload.files.length && !errors.some((e) => e.field === FILES_FIELD))
        errors.push({ field: FILES_FIELD, message: t(locale, 'customer.errors.reattach') });
      show(req, res, {
        locale,
        values,
        errors,
        status,
        idempotencyKey: formControlSchema.shape.idempotencyKey.safeParse(values.idempotencyKey).data,
      });
    };

    if (upload.refused) {
      const message =
        upload.refused === 'tooMany'
          ? t(locale, 'form.errors.tooManyFiles', { count: ATTACHMENT_LIMITS.maxFiles })
          : upload.refused === 'tooLarge'
            ? t(locale, 'customer.errors.requestTooLarge', { count: ATTACHMENT_LIMITS.maxFiles, size: MB })
            : t(locale, 'form.errors.generic');
      return reject([{ field: FILES_FIELD, message }], upload.refused === 'tooLarge' ? 413 : 400);
    }

    // A NUL character only comes from an attack (PostgreSQL cannot store it): refuse it by name.
    const hostile = findHostileInput(values);
    if (hostile)
      return reject([{ field: hostile.field, message: t(locale, 'form.errors.invalidCharacter') }]);

    const control = formControlSchema.safeParse(values);
    if (!control.success || honeypotTripped(values[HONEYPOT_FIELD])) {
      return reject([{ field: 'form', message: t(locale, 'customer.errors.notSent') }]);
    }
    const stamp = checkFormStamp(ctx.secret, control.data.stamp);
    if (stamp !== 'ok') {
      const key =
        stamp === 'tooFast'
          ? 'customer.errors.tooFast'
          : stamp === 'expired'
            ? 'customer.errors.expired'
            : 'customer.errors.notSent';
      return reject([{ field: 'form', message: t(locale, key) }]);
    }

    const parsed = complaintFormSchema.safeParse(values);
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          field: String(i.path[0] ?? 'form'),
          message: t(locale, i.message, { max: 20_000 }),
        }));
    errors.push(...fileErrors(locale, upload.files));
    if (!parsed.success || errors.length) return reject(errors);

    try {
      const { complaint } = await formIntake.submit(
        toComplaintInput(parsed.data),
        upload.files,
        `web-form:${control.data.idempotencyKey}`,
      );
      const trackingPath = `/track/${complaint.trackingCode}`;
      renderCustomerPage(res, 'complain-done', {
        title: t(locale, 'form.success.title'),
        locale,
        trackingCode: complaint.trackingCode,
        trackingPath: `${trackingPath}?lang=${locale}`,
        contact: parsed.data.contactPreference === 'sms' ? parsed.data.phone : parsed.data.email,
      });
    } catch (err) {
      if (err instanceof NoProcessDeployedError) {
        res.status(503);
        return show(req, res, {
          locale,
          values,
          errors: [{ field: 'form', message: t(locale, 'form.errors.generic') }],
          status: 503,
        });
      }
      throw err;
    }
  });

  return router;
}
