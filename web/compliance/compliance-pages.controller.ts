import { readFileSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { verifyAuditChain } from '../../core/audit/audit-log';
import { auditQuerySchema } from '../../core/audit/audit-query.service';
import type { ComplaintHistory, HistoryEntry } from '../../core/audit/complaint-history.service';
import { CHANNELS, COMPLAINT_TYPES, Complaint } from '../../core/db/entities';
import { PseudonymisationRefusedError } from '../../core/privacy/pseudonymise.service';
import { complaintSearchSchema, SLA_STATUSES, withoutEmpty } from '../../core/search/complaint-search.schema';
import { InvalidCursorError } from '../../core/search/complaint-search.service';
import type { WebContext } from '../context';
import { BadRequestError, ForbiddenError, NotFoundError } from '../http-errors';
import { parseInput } from '../validate';
import {
  COMPLIANCE_CSS_FILE,
  compliancePageErrors,
  renderCompliancePage,
  requireReaderPage,
} from './compliance-page';
import type { ComplianceServices } from './compliance-services';
import { compactData, formatInstant, prettyJson } from './format';

type CsrfToken = (req: Request, res: Response) => string;

const idSchema = z.uuid('must be an id (UUID)');

const SOURCE_LABELS: Record<HistoryEntry['source'], string> = {
  process: 'Process',
  task: 'Task',
  audit: 'Audit',
  message: 'Message',
  customer: 'Customer',
  sla: 'Deadline',
  incident: 'Incident',
};

/** The query string of a request, minus some keys, for links that keep the filters. */
function queryWithout(req: Request, ...drop: string[]): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query))
    if (typeof v === 'string' && v !== '' && !drop.includes(k)) q.set(k, v);
  return q;
}

const selectOptions = (values: readonly string[], selected: unknown) =>
  values.map((v) => ({ value: v, selected: v === selected }));

/** The view model of a complaint's history page (and its print version). */
function historyView(h: ComplaintHistory) {
  const c = h.complaint;
  return {
    complaint: c,
    dates: {
      received: formatInstant(c.createdAt),
      acknowledged: formatInstant(c.acknowledgedAt),
      resolved: formatInstant(c.resolvedAt),
      closed: formatInstant(c.closedAt),
    },
    customer: h.customer,
    processVersions: h.processVersions.join(', '),
    sla: h.sla,
    timeline: h.timeline.map((e) => ({
      ...e,
      when: formatInstant(e.at),
      sourceLabel: SOURCE_LABELS[e.source],
      text: typeof e.details.text === 'string' ? e.details.text : null,
      subject: typeof e.details.subject === 'string' ? e.details.subject : null,
      detailsJson: prettyJson(
        Object.fromEntries(Object.entries(e.details).filter(([k]) => k !== 'text')),
        4000,
      ),
    })),
    tasks: h.tasks.map((t) => ({
      ...t,
      dataJson: t.data ? prettyJson(t.data, 4000) : null,
      groups: t.candidateGroups.join(', '),
      created: formatInstant(t.createdAt),
      due: formatInstant(t.dueAt),
      completed: formatInstant(t.completedAt),
    })),
    messages: h.messages.map((m) => ({
      ...m,
      when: formatInstant(m.createdAt),
      sent: formatInstant(m.sentAt),
    })),
    audit: h.audit.map((a) => ({
      ...a,
      when: formatInstant(a.occurredAt),
      dataText: compactData(a.data),
      shortHash: a.hash.slice(0, 12),
    })),
    temporal: {
      ...h.temporal,
      eventCount: h.temporal.runs.reduce((s, r) => s + r.events.length, 0),
      runs: h.temporal.runs.map((r, i) => ({
        ...r,
        number: i + 1,
        events: r.events.map((e) => ({
          ...e,
          when: formatInstant(e.time),
          routine: e.category === 'workflowTask',
        })),
      })),
    },
    counts: {
      timeline: h.timeline.length,
      tasks: h.tasks.length,
      messages: h.messages.length,
      audit: h.audit.length,
      customerInputs: h.customerInputs.length,
      incidents: h.incidents.length,
    },
  };
}

/**
 * Compliance pages under /staff/compliance: search, a complaint's history (and its print version),
 * the audit log with its verification, and a customer's privacy page. Reading only, except the
 * admin's pseudonymisation form.
 */
export function compliancePagesController(
  ctx: WebContext,
  services: ComplianceServices,
  csrfToken: CsrfToken,
): Router {
  const router = Router();
  const css = readFileSync(COMPLIANCE_CSS_FILE, 'utf8');

  router.get('/assets/compliance.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(css);
  });

  router.use(requireReaderPage);

  router.get('/', async (req, res) => {
    const [counts] = await ctx.dataSource.query<{ complaints: number; open: number; audit: number }[]>(
      `SELECT (SELECT count(*) FROM "complaint")::int AS complaints, (SELECT count(*) FROM "complaint" WHERE "status" = 'open')::int AS open,
              (SELECT count(*) FROM "audit_event")::int AS audit`,
    );
    renderCompliancePage(req, res, 'compliance/index', { title: 'Compliance', counts });
  });

  router.get('/search', async (req, res) => {
    const filters = parseInput(
      complaintSearchSchema,
      withoutEmpty(req.query as Record<string, unknown>),
      'search',
    );
    let page;
    try {
      page = await services.search.search(filters);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new BadRequestError(err.message);
      throw err;
    }
    const facets = await services.search.facets();
    const q = req.query as Record<string, string | undefined>;
    const keep = queryWithout(req, 'cursor');
    const next = new URLSearchParams(keep);
    if (page.nextCursor) next.set('cursor', page.nextCursor);
    renderCompliancePage(req, res, 'compliance/search', {
      title: 'Search complaints',
      q,
      channels: selectOptions(CHANNELS, q.channel),
      types: selectOptions(COMPLAINT_TYPES, q.type),
      slaStatuses: selectOptions(SLA_STATUSES, q.sla),
      statuses: selectOptions(['open', 'closed'], q.status),
      categories: selectOptions(facets.categories, q.category),
      departments: selectOptions(facets.departments, q.department),
      stages: selectOptions(facets.stages, q.stage),
      versions: facets.versions.map((v) => ({
        value: String(v.version),
        label: `${v.key} v${v.version}`,
        selected: String(v.version) === q.processVersion,
      })),
      items: page.items.map((r) => ({ ...r, received: formatInstant(r.createdAt) })),
      nextUrl: page.nextCursor ? `/staff/compliance/search?${next.toString()}` : null,
      firstUrl: q.cursor ? `/staff/compliance/search?${keep.toString()}` : null,
      exportUrl: `/api/compliance/complaints/export.csv?${keep.toString()}`,
      searched: Object.keys(withoutEmpty(req.query as Record<string, unknown>)).length > 0,
    });
  });

  const loadHistory = async (req: Request): Promise<ComplaintHistory> => {
    const id = parseInput(idSchema, req.params.id, 'complaint id');
    const history = await services.history.history(id);
    if (!history) throw new NotFoundError('No complaint has this id.');
    return history;
  };

  router.get('/complaints/:id/history', async (req, res) => {
    const h = await loadHistory(req);
    renderCompliancePage(req, res, 'compliance/history', {
      title: `History of ${h.complaint.trackingCode}`,
      ...historyView(h),
    });
  });

  router.get('/complaints/:id/history/print', async (req, res) => {
    const h = await loadHistory(req);
    renderCompliancePage(req, res, 'compliance/history-print', {
      title: `Complaint ${h.complaint.trackingCode} — full history`,
      generatedAt: h.generatedAt,
      ...historyView(h),
    });
  });

  router.get('/audit', async (req, res) => {
    const q = parseInput(auditQuerySchema, withoutEmpty(req.query as Record<string, unknown>), 'audit query');
    const [verification, page, actions] = await Promise.all([
      verifyAuditChain(ctx.dataSource.manager),
      services.audit.browse(q),
      services.audit.actions(),
    ]);
    let broken = null;
    if (!verification.ok) {
      const rows = await services.audit.browse({
        before: String(BigInt(verification.brokenAt) + 1n),
        limit: 1,
      });
      broken = rows.items[0] ?? null;
    }
    const keep = queryWithout(req, 'before');
    const next = new URLSearchParams(keep);
    if (page.nextBefore) next.set('before', page.nextBefore);
    const raw = req.query as Record<string, string | undefined>;
    renderCompliancePage(req, res, 'compliance/audit', {
      title: 'Audit log',
      verification,
      broken,
      q: raw,
      actions: selectOptions(actions, raw.action),
      items: page.items.map((r) => ({
        ...r,
        when: formatInstant(r.occurredAt),
        dataText: compactData(r.data),
        shortHash: r.hash.slice(0, 12),
      })),
      nextUrl: page.nextBefore ? `/staff/compliance/audit?${next.toString()}` : null,
      csvUrl: `/api/compliance/audit/export.csv?${queryWithout(req, 'before', 'limit').toString()}`,
      jsonUrl: `/api/compliance/audit/export.json?${queryWithout(req, 'before', 'limit').toString()}`,
    });
  });

  const customerPage = async (
    req: Request,
    res: Response,
    notice: { kind: 'ok' | 'error'; text: string } | null,
    status = 200,
  ): Promise<void> => {
    const id = parseInput(idSchema, req.params.id, 'customer id');
    const retention = await services.pseudonymise.status(id);
    if (!retention) throw new NotFoundError('No customer has this id.');
    const customer = await ctx.dataSource.query<
      { name: string; email: string | null; phone: string | null; locale: string; createdAt: Date }[]
    >(`SELECT "name", "email", "phone", "locale", "createdAt" FROM "customer" WHERE "id" = $1`, [id]);
    const complaints = await ctx.dataSource.getRepository(Complaint).find({
      where: { customerId: id },
      order: { createdAt: 'DESC' },
      select: {
        id: true,
        trackingCode: true,
        subject: true,
        stage: true,
        status: true,
        createdAt: true,
        closedAt: true,
      },
    });
    const isAdmin = req.staff!.roles.includes('admin');
    renderCompliancePage(
      req,
      res,
      'compliance/customer',
      {
        title: `Customer ${customer[0]?.name ?? id}`,
        customerId: id,
        customer: customer[0],
        complaints,
        retention,
        notice,
        canPseudonymise: isAdmin && retention.eligible,
        isAdmin,
        csrf: isAdmin ? csrfToken(req, res) : null,
      },
      status,
    );
  };

  router.get('/customers/:id', (req, res) =>
    customerPage(
      req,
      res,
      req.query.done === '1' ? { kind: 'ok', text: 'The customer’s personal data was pseudonymised.' } : null,
    ),
  );

  router.post('/customers/:id/pseudonymise', async (req, res) => {
    if (!req.staff!.roles.includes('admin'))
      throw new ForbiddenError('Only an admin may pseudonymise a customer.');
    const id = parseInput(idSchema, req.params.id, 'customer id');
    try {
      const result = await services.pseudonymise.pseudonymise(id, `user:${req.staff!.userId}`);
      if (!result) throw new NotFoundError('No customer has this id.');
      res.redirect(303, `/staff/compliance/customers/${id}?done=1`);
    } catch (err) {
      if (!(err instanceof PseudonymisationRefusedError)) throw err;
      await customerPage(req, res, { kind: 'error', text: `Refused: ${err.message}` }, 409);
    }
  });

  router.use(compliancePageErrors);
  return router;
}
