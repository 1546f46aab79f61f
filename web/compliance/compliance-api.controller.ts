import { Router, type Response } from 'express';
import { z } from 'zod';
import { appendAudit, verifyAuditChain } from '../../core/audit/audit-log';
import { auditQuerySchema, type AuditRow } from '../../core/audit/audit-query.service';
import { PseudonymisationRefusedError } from '../../core/privacy/pseudonymise.service';
import { complaintSearchSchema, withoutEmpty } from '../../core/search/complaint-search.schema';
import { InvalidCursorError, type ComplaintSearchRow } from '../../core/search/complaint-search.service';
import { csvRow } from '../../core/search/csv';
import { requireRole } from '../auth/require-role';
import type { WebContext } from '../context';
import { BadRequestError, ConflictError, NotFoundError } from '../http-errors';
import { parseInput } from '../validate';
import type { ComplianceServices } from './compliance-services';

const idSchema = z.uuid('must be a complaint or customer id (UUID)');
const downloadSchema = z.object({ download: z.enum(['0', '1']).optional() });

/** Columns of the complaint list export. */
export const COMPLAINT_CSV_COLUMNS: [string, (r: ComplaintSearchRow) => string | number | boolean | null][] =
  [
    ['tracking code', (r) => r.trackingCode],
    ['received at', (r) => r.createdAt],
    ['customer', (r) => r.customerName],
    ['channel', (r) => r.channel],
    ['type', (r) => r.type],
    ['category', (r) => r.category],
    ['product', (r) => r.product],
    ['department', (r) => r.department],
    ['stage', (r) => r.stage],
    ['status', (r) => r.status],
    ['priority', (r) => r.priority],
    ['process', (r) => `${r.processKey} v${r.processVersion}`],
    ['overdue', (r) => r.overdue],
    ['deadline breached', (r) => r.breached],
    ['subject', (r) => r.subject],
  ];

const AUDIT_CSV_COLUMNS: [string, (r: AuditRow) => string | null][] = [
  ['id', (r) => r.id],
  ['occurred at', (r) => r.occurredAt],
  ['actor', (r) => r.actor],
  ['actor name', (r) => r.actorName],
  ['action', (r) => r.action],
  ['entity type', (r) => r.entityType],
  ['entity id', (r) => r.entityId],
  ['complaint id', (r) => r.complaintId],
  ['data', (r) => JSON.stringify(r.data)],
  ['previous hash', (r) => r.prevHash],
  ['hash', (r) => r.hash],
];

/** Writes a CSV download row by row (the list may be long), with a BOM for spreadsheet programs. */
async function streamCsv<T>(
  res: Response,
  filename: string,
  columns: [string, (r: T) => unknown][],
  rows: AsyncIterable<T>,
): Promise<void> {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.set('Cache-Control', 'no-store');
  res.write(`\uFEFF${csvRow(columns.map(([h]) => h))}\r\n`);
  for await (const row of rows) res.write(`${csvRow(columns.map(([, get]) => get(row) as string))}\r\n`);
  res.end();
}

const stamp = (): string => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/**
 * The compliance JSON API (mounted at /api/compliance behind the compliance role): complaint
 * history, search and list export, the audit log (verify, browse, export), customers' data export,
 * and pseudonymisation (admins only). Everything but pseudonymisation only reads.
 */
export function complianceApiController(ctx: WebContext, services: ComplianceServices): Router {
  const router = Router();
  const searchInput = (query: unknown) =>
    parseInput(complaintSearchSchema, withoutEmpty(query as Record<string, unknown>), 'search');

  router.get('/complaints', async (req, res) => {
    const filters = searchInput(req.query);
    try {
      res.json(await services.search.search(filters));
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new BadRequestError(err.message);
      throw err;
    }
  });

  router.get('/complaints/export.csv', async (req, res) => {
    const filters = searchInput(req.query);
    await streamCsv(
      res,
      `complaints-${stamp()}.csv`,
      COMPLAINT_CSV_COLUMNS,
      services.search.iterate({ ...filters, cursor: undefined }),
    );
  });

  router.get('/complaints/:id/history', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'complaint id');
    const { download } = parseInput(downloadSchema, req.query, 'query');
    const history = await services.history.history(id);
    if (!history) throw new NotFoundError('No complaint has this id.');
    res.set('Cache-Control', 'no-store');
    if (download === '1')
      res.set(
        'Content-Disposition',
        `attachment; filename="complaint-${history.complaint.trackingCode}-history.json"`,
      );
    res.json(history);
  });

  router.get('/audit/verify', async (_req, res) => {
    const result = await verifyAuditChain(ctx.dataSource.manager);
    res.json({ ...result, verifiedAt: new Date().toISOString() });
  });

  router.get('/audit', async (req, res) => {
    const q = parseInput(auditQuerySchema, withoutEmpty(req.query as Record<string, unknown>), 'audit query');
    res.json(await services.audit.browse(q));
  });

  router.get('/audit/export.:format', async (req, res) => {
    const format = parseInput(z.enum(['csv', 'json']), req.params.format, 'format');
    const {
      before: _b,
      limit: _l,
      ...q
    } = parseInput(auditQuerySchema, withoutEmpty(req.query as Record<string, unknown>), 'audit query');
    const name = `audit-${q.from ? q.from.toISOString().slice(0, 10) : 'start'}-to-${q.to ? new Date(q.to.getTime() - 1).toISOString().slice(0, 10) : 'now'}`;
    if (format === 'csv') return streamCsv(res, `${name}.csv`, AUDIT_CSV_COLUMNS, services.audit.iterate(q));
    res.set('Content-Type', 'application/json; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${name}.json"`);
    res.set('Cache-Control', 'no-store');
    res.write(
      `{"exportedAt":${JSON.stringify(new Date().toISOString())},"filters":${JSON.stringify(q)},"entries":[`,
    );
    let first = true;
    for await (const row of services.audit.iterate(q)) {
      res.write(`${first ? '' : ','}\n${JSON.stringify(row)}`);
      first = false;
    }
    res.end('\n]}\n');
  });

  router.get('/customers/:id/export', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'customer id');
    const data = await services.customerExport.export(id);
    if (!data) throw new NotFoundError('No customer has this id.');
    // Handing out someone's personal data is itself an act worth a trace (who, whose, when).
    await ctx.dataSource.transaction((m) =>
      appendAudit(m, {
        actor: `user:${req.staff!.userId}`,
        action: 'customer.exported',
        entityType: 'customer',
        entityId: id,
        data: { complaints: data.complaints.length },
      }),
    );
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="customer-${id}.json"`);
    res.json(data);
  });

  router.get('/customers/:id/retention', async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'customer id');
    const status = await services.pseudonymise.status(id);
    if (!status) throw new NotFoundError('No customer has this id.');
    res.json(status);
  });

  router.post('/customers/:id/pseudonymise', requireRole('admin'), async (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'customer id');
    parseInput(z.object({ _csrf: z.string().optional() }).strict(), req.body ?? {}, 'request body');
    try {
      const result = await services.pseudonymise.pseudonymise(id, `user:${req.staff!.userId}`);
      if (!result) throw new NotFoundError('No customer has this id.');
      res.json(result);
    } catch (err) {
      if (err instanceof PseudonymisationRefusedError) throw new ConflictError(err.message, err.status);
      throw err;
    }
  });

  return router;
}
