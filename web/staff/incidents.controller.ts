import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../validate';
import { httpCall, requirePermission, viewerOf } from './guards';
import type { StaffDeps } from './staff-deps';

export const retrySchema = z.object({ complaintId: z.uuid(), waitId: z.string().min(1).max(200) });

/** Failed service tasks waiting for a person (`/api/incidents`), and their retry. */
export function incidentsController(deps: StaffDeps): Router {
  const router = Router();

  router.get('/incidents', requirePermission('incidents.view'), async (req, res) => {
    res.json({ incidents: await deps.incidents.list(viewerOf(req)) });
  });

  router.post('/incidents/retry', requirePermission('incidents.retry'), async (req, res) => {
    const { complaintId, waitId } = parseInput(retrySchema, req.body, 'retry');
    res.json(await httpCall(() => deps.incidents.retry(complaintId, waitId, viewerOf(req))));
  });

  return router;
}
