import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Complaint } from '../../core/db/entities';
import { t, type Locale } from '../../core/i18n';
import { discardFiles, type ReceivedFile } from '../../core/intake/attachment-storage';
import type { CustomerMessageService } from '../../core/intake/customer-message.service';
import { ACCEPT_ATTRIBUTE, ATTACHMENT_LIMITS } from '../../core/intake/file-types';
import type { TrackingService } from '../../core/intake/tracking.service';
import { FILES_FIELD, readMultipart } from './multipart';
import { customerLocale } from './public-locale';
import { renderCustomerPage, renderNotice } from './public-pages';
import { customerRateLimit, RATE_LIMITS } from './rate-limits';
import { findHostileInput } from '../../core/security/hostile-keys';

const EXAMPLE_CODE = 'RD-7KQ2-M9XD-4TPH-WC3N';
const MB = ATTACHMENT_LIMITS.maxBytes / (1024 * 1024);

const lookupSchema = z.object({ code: z.string().trim().max(64) });
const messageSchema = z.object({
  message: z
    .string('customer.errors.messageRequired')
    .trim()
    .min(1, 'customer.errors.messageRequired')
    .max(10_000, 'customer.errors.tooLong'),
  idempotencyKey: z.uuid(),
});

const outcomeLabel = (locale: Locale, outcome: string | null): string | null => {
  if (!outcome) return null;
  const label = t(locale, `outcome.${outcome}`);
  return label === `outcome.${outcome}` ? null : label;
};

/**
 * The customer's tracking page: `/track` (look a code up) and `/track/:code` (stage timeline, what
 * happens next and by when, the messages we sent, and a form to add information, which reaches the
 * workflow as `customerReplied`). A wrong code says only that it was not found; failed lookups are
 * rate-limited per address so codes cannot be guessed.
 */
export function trackingController(
  tracking: TrackingService,
  messages: CustomerMessageService,
  attachmentsDir: string,
): Router {
  const router = Router();
  const misses = customerRateLimit(RATE_LIMITS.trackingMisses, true);

  const notFound = (req: Request, res: Response): void => {
    const locale = customerLocale(req, res);
    renderNotice(res, locale, 404, 'tracking.title', 'tracking.notFound', {}, [
      { href: `/track?lang=${locale}`, label: t(locale, 'tracking.lookup') },
    ]);
  };

  const showTracking = async (
    req: Request,
    res: Response,
    complaint: Complaint,
    extra: { errors?: string[]; values?: Record<string, string>; status?: number } = {},
  ): Promise<void> => {
    const view = await tracking.view(complaint);
    const locale = customerLocale(req, res, view.customerLocale);
    const current = complaint.stage;
    renderCustomerPage(
      res,
      'track',
      {
        title: t(locale, 'tracking.title'),
        locale,
        trackingCode: complaint.trackingCode,
        subject: complaint.subject,
        submittedOn: complaint.createdAt,
        closed: complaint.status === 'closed',
        outcome: outcomeLabel(locale, complaint.outcome),
        currentStage: t(locale, `stage.${current}`),
        currentHelp: t(locale, `stageHelp.${current}`),
        contactPreference: t(locale, `form.contactPreference.${complaint.contactPreference}`),
        expectedBy: view.expectedResolutionDate,
        steps: view.steps.map((s, i) => ({
          label: t(locale, `stage.${s.stage}`),
          at: s.at,
          current: i === view.steps.length - 1,
        })),
        sent: view.sent.map((m) => ({ ...m, channelLabel: t(locale, `channel.${m.channel}`) })),
        received: view.received,
        sentNotice: req.query.sent === '1',
        errors: extra.errors ?? [],
        hasErrors: (extra.errors ?? []).length > 0,
        values: extra.values ?? {},
        idempotencyKey: randomUUID(),
        accept: ACCEPT_ATTRIBUTE,
        filesField: FILES_FIELD,
        filesHint: t(locale, 'form.attachments.hint', { count: ATTACHMENT_LIMITS.maxFiles, size: MB }),
        action: `/track/${complaint.trackingCode}/messages?lang=${locale}`,
      },
      extra.status ?? 200,
    );
  };

  router.get('/track', (req, res) => {
    const locale = customerLocale(req, res);
    renderCustomerPage(res, 'track-lookup', {
      title: t(locale, 'tracking.title'),
      locale,
      example: EXAMPLE_CODE,
      action: `/track?lang=${locale}`,
    });
  });

  router.post('/track', misses, async (req, res) => {
    const { code } = lookupSchema.safeParse(req.body).data ?? { code: '' };
    const complaint = await tracking.find(code);
    if (!complaint) return notFound(req, res);
    res.redirect(303, `/track/${complaint.trackingCode}`);
  });

  router.get('/track/:code', misses, async (req, res) => {
    const complaint = await tracking.find(String(req.params.code));
    if (!complaint) return notFound(req, res);
    await showTracking(req, res, complaint);
  });

  router.post('/track/:code/messages', misses, async (req, res) => {
    const complaint = await tracking.find(String(req.params.code));
    if (!complaint) return notFound(req, res);
    const locale = customerLocale(req, res);
    const upload = await readMultipart(req, res, attachmentsDir);
    const values = (req.body ?? {}) as Record<string, string>;
    const errors: string[] = [];
    const parsed = messageSchema.safeParse(values);
    if (!parsed.success) errors.push(...new Set(parsed.error.issues.map((i) => t(locale, i.message))));
    // A NUL character only comes from an attack (PostgreSQL cannot store it).
    if (findHostileInput(values)) errors.push(t(locale, 'form.errors.invalidCharacter'));
    if (upload.refused)
      errors.push(
        t(
          locale,
          upload.refused === 'tooMany' ? 'form.errors.tooManyFiles' : 'customer.errors.requestTooLarge',
          { count: ATTACHMENT_LIMITS.maxFiles, size: MB },
        ),
      );
    errors.push(...fileProblems(locale, upload.files));
    if (complaint.status === 'closed') errors.push(t(locale, 'tracking.closed'));
    if (errors.length || !parsed.success) {
      discardFiles(attachmentsDir, upload.files);
      return showTracking(req, res, complaint, {
        errors,
        values: { message: typeof values.message === 'string' ? values.message : '' },
        status: 400,
      });
    }
    const { created } = await messages.receive({
      complaint,
      channel: 'web',
      body: parsed.data.message,
      idempotencyKey: `web-reply:${parsed.data.idempotencyKey}`,
      files: upload.files,
      actor: `customer:${complaint.trackingCode}`,
    });
    if (!created) discardFiles(attachmentsDir, upload.files);
    res.redirect(303, `/track/${complaint.trackingCode}?sent=1#your-messages`);
  });

  return router;
}

function fileProblems(locale: Locale, files: ReceivedFile[]): string[] {
  const out: string[] = [];
  if (files.some((f) => f.problem === 'tooMany'))
    out.push(t(locale, 'form.errors.tooManyFiles', { count: ATTACHMENT_LIMITS.maxFiles }));
  for (const f of files) {
    if (f.problem === 'tooLarge')
      out.push(t(locale, 'form.errors.fileTooLarge', { name: f.originalName, size: MB }));
    if (f.problem === 'type') out.push(t(locale, 'form.errors.fileType', { name: f.originalName }));
    if (f.problem === 'empty') out.push(t(locale, 'customer.errors.fileEmpty', { name: f.originalName }));
  }
  return out;
}
