import { Router } from 'express';
import { z } from 'zod';
import { Complaint } from '../../../core/db/entities';
import { intlLocale, t, type Locale } from '../../../core/i18n';
import { PAUSE_REASONS, splitReason, type ClockView } from '../../../core/regulation/clock.service';
import { RegulationRuleError } from '../../../core/regulation/errors';
import { can } from '../../../core/staff/permissions';
import { DAY } from '../../../workflows/engine/calendar';
import { assertMayViewComplaintId } from '../complaint-access';
import { httpCall, viewerOf } from '../guards';
import { idParam } from '../params';
import type { StaffDeps } from '../staff-deps';
import { pagePermission, redirectWithFlash, staffLocale } from './staff-page';

/** The pause form: one of the reasons regulators accept, and optional details for the record. */
export const pauseFormSchema = z.object({
  reason: z.enum(PAUSE_REASONS),
  details: z.string().trim().max(400).optional(),
});

/** A stored pause reason (`waiting_for_customer` or `waiting_for_customer: details`) in words. */
export function reasonText(locale: Locale, reason: string | null | undefined): string {
  if (!reason) return '';
  const { code, details } = splitReason(reason);
  if (!code) return reason;
  const label = t(locale, `staff.clocks.reason.${code}`);
  return details ? `${label}: ${details}` : label;
}

/** One clock as the complaint page's "Deadlines" card shows it. */
export interface ClockRow {
  key: string;
  label: string;
  rule: string | null;
  phase: ClockView['phase'];
  phaseLabel: string;
  breached: boolean;
  used: string;
  left: string | null;
  dueAt: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
  mayPause: boolean;
  mayResume: boolean;
  pausable: boolean;
  pausesForCustomer: boolean;
}

/**
 * The clocks as rows: state, business days used, time left in the clock's own measure (business days
 * for `P15BD`, days for `P8W`), deadline, and the current pause with its reason; `mayChange` adds the
 * pause and resume forms where the clock can take them.
 */
export function clockRows(locale: Locale, clocks: ClockView[], mayChange: boolean): ClockRow[] {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  const days = (millis: number, measure: ClockView['measure']): string =>
    t(locale, measure === 'business' ? 'staff.clocks.businessDays' : 'staff.clocks.days', {
      value: number.format(Math.abs(millis) / DAY),
    });
  return clocks.map((c) => {
    const lastPause = [...c.events].reverse().find((e) => e.kind === 'pause');
    const started = c.phase !== 'notStarted';
    return {
      key: c.key,
      label: c.label,
      rule: c.rule,
      phase: c.phase,
      phaseLabel: t(locale, `staff.clocks.phase.${c.phase}`),
      breached: c.breached,
      used: started ? days(c.elapsedBusinessDays * DAY, 'business') : '',
      left:
        c.phase === 'running' || c.phase === 'paused'
          ? c.remaining >= 0
            ? t(locale, 'staff.clocks.left', { time: days(c.remaining, c.measure) })
            : t(locale, 'staff.clocks.late', { time: days(c.remaining, c.measure) })
          : null,
      dueAt: c.dueAt,
      pausedAt: c.phase === 'paused' && lastPause ? lastPause.at : null,
      pauseReason: c.phase === 'paused' && lastPause ? reasonText(locale, lastPause.reason) : null,
      mayPause: mayChange && c.pausable && c.phase === 'running',
      mayResume: mayChange && c.phase === 'paused',
      pausable: c.pausable,
      pausesForCustomer: c.pausesForCustomer,
    };
  });
}

/** The "Deadlines" card's data for a complaint; an unreadable profile or calendar shows no card, never a broken page. */
export async function complaintClocks(
  deps: StaffDeps,
  complaint: Complaint,
  locale: Locale,
  roles: Parameters<typeof can>[0],
): Promise<{ profile: string; calendar: string | null; rows: ClockRow[] } | null> {
  try {
    const { profile, calendar, clocks } = await deps.clocks.clocks(complaint.id);
    const mayChange = can(roles, 'tasks.work') && complaint.status === 'open';
    return {
      profile: profile.name,
      calendar: calendar.key ?? null,
      rows: clockRows(locale, clocks, mayChange),
    };
  } catch (err) {
    console.error(`[web] the clocks of complaint ${complaint.id} could not be read:`, err);
    return null;
  }
}

/**
 * `POST /staff/complaints/:id/clocks/:clock/pause|resume`: the complaint page's forms. The same rule as
 * the API (`tasks.work`: agents, approvers, admins); a pause needs one of {@link PAUSE_REASONS}, kept
 * with its details in the clock's record, the timeline and the audit log. A refusal (the clock is not
 * running, may not pause…) comes back on the page.
 */
export function complaintClockPagesController(deps: StaffDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.post(
    '/staff/complaints/:id/clocks/:clock/:action',
    pagePermission('tasks.work'),
    async (req, res) => {
      const locale = staffLocale(req);
      const id = idParam(req);
      const back = `/staff/complaints/${id}#clocks`;
      const viewer = viewerOf(req);
      await httpCall(() => assertMayViewComplaintId(ctx.dataSource, id, viewer));
      const action = z.enum(['pause', 'resume']).safeParse(req.params.action);
      if (!action.success)
        return redirectWithFlash(req, res, back, 'error', t(locale, 'staff.clocks.unknownAction'));
      let reason: string | undefined;
      if (action.data === 'pause') {
        const form = pauseFormSchema.safeParse(req.body ?? {});
        if (!form.success)
          return redirectWithFlash(req, res, back, 'error', t(locale, 'staff.clocks.needReason'));
        reason = form.data.details ? `${form.data.reason}: ${form.data.details}` : form.data.reason;
      }
      const clock = String(req.params.clock);
      try {
        await deps.clocks.change(
          id,
          clock,
          { kind: action.data, ...(reason ? { reason } : {}) },
          `user:${viewer.userId}`,
        );
      } catch (err) {
        if (!(err instanceof RegulationRuleError)) throw err;
        return redirectWithFlash(req, res, back, 'error', err.message);
      }
      const label = (await deps.clocks.clocks(id)).clocks.find((c) => c.key === clock)?.label ?? clock;
      redirectWithFlash(
        req,
        res,
        back,
        'ok',
        t(locale, `staff.clocks.done.${action.data}`, { clock: label }),
      );
    },
  );

  return router;
}
