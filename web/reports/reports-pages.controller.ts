import { Router } from 'express';
import { reportQuerySchema } from '../../core/reports/report-filters';
import type { Report, Share } from '../../core/reports/report.service';
import { withoutEmpty } from '../../core/search/complaint-search.schema';
import { compliancePageErrors, renderCompliancePage, requireReaderPage } from '../compliance/compliance-page';
import type { ComplianceServices } from '../compliance/compliance-services';
import { formatAmount, formatHours, formatPercent } from '../compliance/format';
import { parseInput } from '../validate';

const shares = (rows: Share[]) => rows.map((r) => ({ ...r, sharePct: formatPercent(r.share) }));
const rateText = (r: { numerator: number; denominator: number; rate: number | null }) => ({
  ...r,
  pct: formatPercent(r.rate),
  of: `${r.numerator} of ${r.denominator}`,
});

/** The page's view of a report: the same figures, formatted, beside their definitions. */
function reportView(report: Report) {
  const f = report.figures;
  return {
    volume: f.volume,
    breakdowns: [f.byType, f.byCategory, f.byChannel, f.byProduct, f.byDepartment].map((b, i) => ({
      ...b,
      id: ['type', 'category', 'channel', 'product', 'department'][i],
      rows: shares(b.value),
    })),
    durations: [f.timeToAcknowledge, f.timeToResolve].map((d) => ({
      ...d,
      avg: formatHours(d.value.averageHours),
      p90: formatHours(d.value.p90Hours),
    })),
    rates: [
      f.resolvedWithinSla,
      f.taskDeadlinesMet,
      f.firstContactResolution,
      f.repeatComplaints,
      f.reopenRate,
    ].map((r) => ({ ...r, text: rateText(r.value) })),
    satisfaction: {
      ...f.satisfaction,
      score: formatPercent(f.satisfaction.value.score),
      responseRate: formatPercent(f.satisfaction.value.responseRate),
    },
    remedies: {
      ...f.remedies,
      total: formatAmount(f.remedies.value.totalCost),
      rows: f.remedies.value.byType.map((r) => ({
        ...r,
        total: formatAmount(r.totalCost),
        average: formatAmount(r.averageCost),
      })),
    },
    waits: {
      ...f.waitingTimes,
      rows: f.waitingTimes.value.map((w) => ({
        ...w,
        avg: formatHours(w.averageHours),
        p90: formatHours(w.p90Hours),
      })),
    },
    steps: {
      ...f.deadlinesByStep,
      rows: f.deadlinesByStep.value.map((s) => ({ ...s, missedPct: formatPercent(s.missedShare) })),
    },
  };
}

/** `/staff/reports`: the figures as tables with their definitions, and Chart.js charts drawn from `/api/reports`. */
export function reportsPagesController(services: ComplianceServices): Router {
  const router = Router();
  router.use(requireReaderPage);
  router.get('/', async (req, res) => {
    const filters = parseInput(
      reportQuerySchema,
      withoutEmpty(req.query as Record<string, unknown>),
      'report query',
    );
    const [report, facets] = await Promise.all([services.reports.report(filters), services.search.facets()]);
    renderCompliancePage(req, res, 'reports/index', {
      title: 'Reports',
      entries: ['reports'],
      report,
      departments: facets.departments.map((d) => ({ value: d, selected: d === report.period.department })),
      monthly: report.period.granularity === 'month',
      ...reportView(report),
    });
  });
  router.use(compliancePageErrors);
  return router;
}
