import { Router } from 'express';
import { t } from '../../../core/i18n';
import { can } from '../../../core/staff/permissions';
import { httpCall, viewerOf } from '../guards';
import { retrySchema } from '../incidents.controller';
import type { StaffDeps } from '../staff-deps';
import { pagePermission, redirectWithFlash, renderStaffPage, safeReturn, staffLocale } from './staff-page';

/** `/staff/incidents`: failed service tasks waiting for someone, with a Retry button each. */
export function incidentPagesController(deps: StaffDeps): Router {
  const router = Router();

  router.get('/staff/incidents', pagePermission('incidents.view'), async (req, res) => {
    const viewer = viewerOf(req);
    renderStaffPage(req, res, 'incidents', {
      title: t(staffLocale(req), 'staff.incidents.title'),
      incidents: await deps.incidents.list(viewer),
      mayRetry: can(viewer.roles, 'incidents.retry'),
      returnTo: '/staff/incidents',
    });
  });

  router.post('/staff/incidents/retry', pagePermission('incidents.retry'), async (req, res) => {
    const locale = staffLocale(req);
    const back = safeReturn((req.body as { returnTo?: string })?.returnTo, '/staff/incidents');
    const parsed = retrySchema.safeParse(req.body);
    if (!parsed.success)
      return redirectWithFlash(
        req,
        res,
        back,
        'error',
        t(locale, 'staff.incidents.retryFailed', { reason: 'bad request' }),
      );
    try {
      await httpCall(() => deps.incidents.retry(parsed.data.complaintId, parsed.data.waitId, viewerOf(req)));
      redirectWithFlash(req, res, back, 'ok', t(locale, 'staff.incidents.retried'));
    } catch (err) {
      redirectWithFlash(
        req,
        res,
        back,
        'error',
        t(locale, 'staff.incidents.retryFailed', { reason: (err as Error).message }),
      );
    }
  });

  return router;
}
