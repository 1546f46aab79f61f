import { Router, type Request, type Response } from 'express';
import { NoProcessDeployedError, LOCALE_CODES } from '../../../core/complaints/intake.service';
import { COMPLAINT_TYPES } from '../../../core/db/entities';
import { intlLocale, t, type Locale } from '../../../core/i18n';
import { PAUSE_REASONS } from '../../../core/regulation/clock.service';
import { can } from '../../../core/staff/permissions';
import { CONTACT_PREFERENCES } from '../../../core/messaging/contact-preference';
import type { ComplaintView } from '../complaint-view.service';
import { assertMayViewComplaintId } from '../complaint-access';
import { httpCall, viewerOf } from '../guards';
import { idParam } from '../params';
import type { StaffDeps } from '../staff-deps';
import {
  listSchema,
  noteSchema,
  questionSchema,
  STAFF_CHANNELS,
  staffComplaintSchema,
} from '../staff-complaints.controller';
import { complaintClocks, reasonText } from './complaint-clocks';
import { priorityLabel, severityLabel, stageLabel } from './labels';
import { withQuery } from './query-string';
import { pagePermission, pageSignedIn, redirectWithFlash, renderStaffPage, staffLocale } from './staff-page';

/** Timeline entries in words; `clockLabels` names the complaint's deadline clocks by key. */
function timelineLine(
  locale: Locale,
  e: ComplaintView['timeline'][number],
  clockLabels: Record<string, string> = {},
): string {
  const d = e.data as Record<string, unknown>;
  const clock = String(d.label ?? clockLabels[String(d.clock)] ?? d.clock ?? '');
  switch (e.kind) {
    case 'clockChanged':
      return t(locale, `staff.timeline.clock.${String(d.kind)}`, {
        clock,
        reason: reasonText(locale, typeof d.reason === 'string' ? d.reason : null) || '—',
        budget: String(d.budget ?? ''),
      });
    case 'slaWarning':
    case 'slaBreached': {
      const due = new Date(String(d.dueAt));
      return t(locale, `staff.timeline.${e.kind}`, {
        clock,
        due: Number.isNaN(due.getTime())
          ? ''
          : new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(
              due,
            ),
      });
    }
    case 'stageChanged':
      return t(locale, 'staff.timeline.stageChanged', { stage: stageLabel(locale, String(d.to ?? '')) });
    case 'taskOpened':
      return t(locale, 'staff.timeline.taskOpened', { name: String(d.name ?? e.elementId ?? '') });
    case 'taskCancelled':
      return t(locale, 'staff.timeline.taskCancelled', { name: String(e.elementId ?? '') });
    case 'incident':
      return t(locale, 'staff.timeline.incident', {
        element: String(e.elementId ?? ''),
        message: String(d.message ?? ''),
      });
    case 'completed':
      return t(locale, 'staff.timeline.completed');
    default:
      return e.kind;
  }
}

type FormValues = Record<string, string>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The flat fields of the "new complaint" form as the intake input (zod decides what is valid). */
function intakeInput(body: FormValues): unknown {
  return {
    customer: {
      name: body.customerName ?? '',
      email: str(body.customerEmail),
      phone: str(body.customerPhone),
      locale: body.customerLocale || 'en',
      contactPreference: str(body.customerContactPreference),
    },
    channel: body.channel,
    type: body.type || 'complaint',
    subject: body.subject ?? '',
    description: body.description ?? '',
    desiredRemedy: str(body.desiredRemedy),
    product: str(body.product),
  };
}

/** zod's field paths on the intake input mapped back to the form's field names. */
const FIELD_OF: Record<string, string> = {
  'customer.name': 'customerName',
  'customer.email': 'customerEmail',
  'customer.phone': 'customerPhone',
  'customer.locale': 'customerLocale',
  'customer.contactPreference': 'customerContactPreference',
};

/**
 * Complaint pages: the list with search (`/staff/complaints`), the complaint entered for a customer
 * (`/staff/complaints/new`), and the full view (`/staff/complaints/:id`) with notes, questions to the
 * customer, incidents and attachments (downloaded through `/api/attachments/:id/content`).
 */
export function complaintPagesController(deps: StaffDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/staff/complaints', pageSignedIn, async (req, res) => {
    const locale = staffLocale(req);
    const parsed = listSchema.safeParse(req.query);
    const opts = parsed.success ? parsed.data : listSchema.parse({});
    const { items, hasMore } = await deps.views.search(viewerOf(req), opts);
    const base = { q: opts.q, status: opts.status };
    renderStaffPage(req, res, 'complaints', {
      title: t(locale, 'staff.complaints.title'),
      q: opts.q ?? '',
      status: opts.status ?? '',
      statuses: ['', 'open', 'closed'].map((value) => ({
        value,
        label: t(locale, `staff.complaints.status.${value || 'any'}`),
        selected: (opts.status ?? '') === value,
      })),
      items: items.map((i) => ({
        ...i,
        stageLabel: stageLabel(locale, i.stage),
        channelLabel: t(locale, `staff.channel.${i.channel}`),
      })),
      prev:
        opts.offset > 0
          ? withQuery('/staff/complaints', {
              ...base,
              offset: Math.max(0, opts.offset - opts.limit) || undefined,
            })
          : null,
      next: hasMore ? withQuery('/staff/complaints', { ...base, offset: opts.offset + opts.limit }) : null,
      mayEnter: can(viewerOf(req).roles, 'complaints.enter'),
    });
  });

  const showNew = (
    req: Request,
    res: Response,
    values: FormValues = {},
    errors: { field: string; message: string }[] = [],
    status = 200,
  ): void => {
    const locale = staffLocale(req);
    const errorOf = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    renderStaffPage(
      req,
      res,
      'complaint-new',
      {
        title: t(locale, 'staff.newComplaint.title'),
        values,
        errors,
        errorOf,
        channels: STAFF_CHANNELS.map((value) => ({
          value,
          label: t(locale, `staff.channel.${value}`),
          selected: (values.channel ?? 'phone') === value,
        })),
        types: COMPLAINT_TYPES.map((value) => ({
          value,
          label: t(locale, `complaintType.${value}`),
          selected: (values.type ?? 'complaint') === value,
        })),
        locales: LOCALE_CODES.map((value) => ({
          value,
          label: t(locale, `language.${value}`),
          selected: (values.customerLocale ?? 'en') === value,
        })),
        preferences: CONTACT_PREFERENCES.map((value) => ({
          value,
          label: t(locale, `form.contactPreference.${value}`),
          selected: values.customerContactPreference === value,
        })),
      },
      status,
    );
  };

  router.get('/staff/complaints/new', pagePermission('complaints.enter'), (req, res) => showNew(req, res));

  router.post('/staff/complaints/new', pagePermission('complaints.enter'), async (req, res) => {
    const values = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
    ) as FormValues;
    const parsed = staffComplaintSchema.safeParse(intakeInput(values));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => {
        const path = i.path.join('.');
        return { field: FIELD_OF[path] ?? path, message: i.message };
      });
      return showNew(req, res, values, errors, 400);
    }
    const viewer = viewerOf(req);
    try {
      const { complaint } = await ctx.intake.submit(parsed.data, {
        actor: `user:${viewer.userId}`,
        enteredByUserId: viewer.userId,
      });
      redirectWithFlash(
        req,
        res,
        `/staff/complaints/${complaint.id}`,
        'ok',
        t(staffLocale(req), 'staff.newComplaint.created', { code: complaint.trackingCode }),
      );
    } catch (err) {
      if (err instanceof NoProcessDeployedError)
        return showNew(req, res, values, [{ field: 'form', message: err.message }], 503);
      throw err;
    }
  });

  router.get('/staff/complaints/:id', pageSignedIn, async (req, res) => {
    const viewer = viewerOf(req);
    const locale = staffLocale(req);
    const view = await httpCall(() => deps.views.view(idParam(req), viewer));
    const { complaint } = view;
    const mayAnnotate = can(viewer.roles, 'complaints.annotate');
    // Incidents: the workflow's word when it answers, else the recorded trail's.
    const incidents = view.live.available
      ? view.live.incidents.map((i) => ({ ...i, at: new Date(i.at) }))
      : (await deps.incidents.list(viewer, complaint.id)).map((i) => ({
          waitId: i.waitId,
          elementId: i.elementId,
          message: i.message,
          at: i.at,
        }));
    const clocks = await complaintClocks(deps, complaint, locale, viewer.roles);
    const clockLabels = Object.fromEntries((clocks?.rows ?? []).map((c) => [c.key, c.label]));
    renderStaffPage(req, res, 'complaint', {
      title: `${complaint.trackingCode} · ${complaint.subject}`,
      ...view,
      stageLabel: stageLabel(locale, complaint.stage),
      priorityLabel: priorityLabel(locale, complaint.priority),
      severityLabel: complaint.severity ? severityLabel(locale, complaint.severity) : null,
      channelLabel: t(locale, `staff.channel.${complaint.channel}`),
      customerLanguage: t(locale, `language.${view.customer.locale}`),
      contactPreferenceLabel: t(locale, `form.contactPreference.${complaint.contactPreference}`),
      typeLabel: t(locale, `complaintType.${complaint.type}`),
      timeline: view.timeline.map((e) => ({
        at: e.occurredAt,
        text: timelineLine(locale, e, clockLabels),
        incident: e.kind === 'incident' || e.kind === 'slaBreached',
      })),
      earlier: view.earlier.map((e) => ({ ...e, stageLabel: stageLabel(locale, e.stage) })),
      similar: view.similar.map((s) => ({ ...s, stageLabel: stageLabel(locale, s.stage) })),
      openTasks: view.openTasks.map((task) => ({
        ...task,
        overdue: task.dueAt !== null && task.dueAt.getTime() < Date.now(),
      })),
      messages: view.messages.map((m) => ({
        ...m,
        failed: m.status === 'failed',
        skipped: m.status === 'skipped',
        channelLabel: t(locale, `staff.messageChannel.${m.channel}`),
        statusLabel: t(locale, `staff.delivery.${m.status}`),
      })),
      internalNotes: view.notes.filter((n) => n.kind === 'note'),
      questions: view.notes.filter((n) => n.kind === 'info_request'),
      incidents,
      clocks,
      pauseReasons: PAUSE_REASONS.map((value) => ({
        value,
        label: t(locale, `staff.clocks.reason.${value}`),
      })),
      mayAnnotate,
      mayAsk: mayAnnotate && complaint.status === 'open',
      mayRetry: can(viewer.roles, 'incidents.retry'),
      returnTo: `/staff/complaints/${complaint.id}`,
    });
  });

  const checkAccess = async (req: Request): Promise<string> => {
    const id = idParam(req);
    await httpCall(() => assertMayViewComplaintId(ctx.dataSource, id, viewerOf(req)));
    return id;
  };

  router.post('/staff/complaints/:id/notes', pagePermission('complaints.annotate'), async (req, res) => {
    const locale = staffLocale(req);
    const id = await checkAccess(req);
    const parsed = noteSchema.safeParse(req.body);
    if (!parsed.success)
      return redirectWithFlash(
        req,
        res,
        `/staff/complaints/${id}#notes`,
        'error',
        t(locale, 'staff.notes.empty'),
      );
    await deps.notes.add(id, parsed.data.body, viewerOf(req));
    redirectWithFlash(req, res, `/staff/complaints/${id}#notes`, 'ok', t(locale, 'staff.notes.added'));
  });

  router.post(
    '/staff/complaints/:id/info-requests',
    pagePermission('complaints.annotate'),
    async (req, res) => {
      const locale = staffLocale(req);
      const id = await checkAccess(req);
      const parsed = questionSchema.safeParse(req.body);
      if (!parsed.success)
        return redirectWithFlash(
          req,
          res,
          `/staff/complaints/${id}#ask`,
          'error',
          t(locale, 'staff.ask.tooShort'),
        );
      try {
        const result = await httpCall(() => deps.infoRequests.ask(id, parsed.data.question, viewerOf(req)));
        const ok = result.delivery.status === 'sent';
        const text = ok
          ? t(locale, 'staff.ask.sent', {
              channel: t(locale, `staff.messageChannel.${result.delivery.channel}`),
            })
          : result.delivery.status === 'no-address'
            ? t(locale, 'staff.ask.noAddress')
            : t(locale, 'staff.ask.failed', {
                reason: 'error' in result.delivery ? (result.delivery.error ?? '') : '',
              });
        redirectWithFlash(req, res, `/staff/complaints/${id}#messages`, ok ? 'ok' : 'error', text);
      } catch (err) {
        redirectWithFlash(req, res, `/staff/complaints/${id}#ask`, 'error', (err as Error).message);
      }
    },
  );

  return router;
}
