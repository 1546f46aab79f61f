import { Router } from 'express';
import { reportQuerySchema } from '../../core/reports/report-filters';
import { withoutEmpty } from '../../core/search/complaint-search.schema';
import { parseInput } from '../validate';
import type { ComplianceServices } from '../compliance/compliance-services';

/**
 * `GET /api/reports?from&to&department&granularity` (mounted behind the compliance role): every
 * management figure for the period, each with its written definition.
 */
export function reportsApiController(services: ComplianceServices): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const filters = parseInput(
      reportQuerySchema,
      withoutEmpty(req.query as Record<string, unknown>),
      'report query',
    );
    res.set('Cache-Control', 'no-store');
    res.json(await services.reports.report(filters));
  });
  return router;
}
