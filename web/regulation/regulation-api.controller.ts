import { Router, type Request } from 'express';
import { Complaint } from '../../core/db/entities';
import { checkMandatoryClauses } from '../../core/regulation/letter-pack';
import { ReturnsService } from '../../core/regulation/returns.service';
import { toCsv } from '../../core/search/csv';
import { requireRole } from '../auth/require-role';
import type { WebContext } from '../context';
import { NotFoundError } from '../http-errors';
import { assertMayViewComplaint } from '../staff/complaint-access';
import { httpCall, requirePermission, requireSignedIn, viewerOf } from '../staff/guards';
import { parseInput } from '../validate';
import { regulationCall } from './regulation-http';
import {
  calendarKeySchema,
  calendarPatchSchema,
  clockActionSchema,
  clockChangeSchema,
  dateParamSchema,
  holidaySchema,
  letterCheckSchema,
  newCalendarSchema,
  outcomeSchema,
  productMappingSchema,
  returnQuerySchema,
} from './regulation.schemas';
import type { RegulationServices } from './regulation-services';

const actorOf = (req: Request): string => `user:${viewerOf(req).userId}`;
const adminOnly = requireRole('admin');
const readers = requireRole('compliance');

/**
 * `/api/regulation`: jurisdiction profiles and product-line mappings, working calendars (admins
 * change, every change audited), a complaint's deadline clocks (pause while waiting for the customer,
 * resume, extend…), its outcome, letter-pack checks, and regulator returns (JSON and CSV).
 */
export function regulationApiController(ctx: WebContext, services: RegulationServices): Router {
  const router = Router();
  const { settings, calendars, clocks, outcome, letters, returns } = services;

  const complaintFor = async (req: Request): Promise<Complaint> => {
    const id = String(req.params.id);
    const complaint = /^[0-9a-f-]{36}$/i.test(id)
      ? await ctx.dataSource.getRepository(Complaint).findOneBy({ id })
      : null;
    await httpCall(() => assertMayViewComplaint(ctx.dataSource, complaint, viewerOf(req)));
    if (!complaint) throw new NotFoundError('There is no such complaint.');
    return complaint;
  };

  router.get('/profiles', requireSignedIn, async (_req, res) => {
    const organisation = settings.organisationRegime();
    res.json({
      organisation: { profile: organisation.profile.key, calendar: organisation.calendarKey },
      inUse: (await settings.profilesInUse()).map((p) => p.key),
      profiles: settings.profiles(),
    });
  });

  router.get('/products', requireSignedIn, async (_req, res) => {
    res.json({ products: await settings.productMappings() });
  });
  router.put('/products/:product', adminOnly, async (req, res) => {
    const input = parseInput(productMappingSchema, req.body, 'product mapping');
    const product = String(req.params.product).trim();
    res.json({
      mapping: await regulationCall(() =>
        settings.mapProduct(
          { product, profileKey: input.profileKey, calendarKey: input.calendarKey ?? null },
          actorOf(req),
        ),
      ),
    });
  });
  router.delete('/products/:product', adminOnly, async (req, res) => {
    await regulationCall(() => settings.unmapProduct(String(req.params.product), actorOf(req)));
    res.status(204).end();
  });

  router.get('/calendars', requireSignedIn, async (_req, res) => {
    res.json({ calendars: await calendars.list() });
  });
  router.get('/calendars/:key', requireSignedIn, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    res.json({ calendar: await regulationCall(() => calendars.get(key)) });
  });
  router.post('/calendars', adminOnly, async (req, res) => {
    const input = parseInput(newCalendarSchema, req.body, 'new calendar');
    res.status(201).json({ calendar: await regulationCall(() => calendars.create(input, actorOf(req))) });
  });
  router.patch('/calendars/:key', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const patch = parseInput(calendarPatchSchema, req.body, 'calendar change');
    res.json({ calendar: await regulationCall(() => calendars.update(key, patch, actorOf(req))) });
  });
  router.put('/calendars/:key/holidays/:date', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const holiday = parseInput(holidaySchema, { ...req.body, date: req.params.date }, 'holiday');
    res.json({ calendar: await regulationCall(() => calendars.putHoliday(key, holiday, actorOf(req))) });
  });
  router.delete('/calendars/:key/holidays/:date', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const date = parseInput(dateParamSchema, req.params.date, 'date');
    res.json({ calendar: await regulationCall(() => calendars.removeHoliday(key, date, actorOf(req))) });
  });

  router.get('/complaints/:id/clocks', requireSignedIn, async (req, res) => {
    const complaint = await complaintFor(req);
    const result = await regulationCall(() => clocks.clocks(complaint.id));
    res.json({ profile: result.profile.key, calendar: result.calendar.key ?? null, clocks: result.clocks });
  });
  router.post('/complaints/:id/clocks/:clock/:action', requirePermission('tasks.work'), async (req, res) => {
    const complaint = await complaintFor(req);
    const kind = parseInput(clockActionSchema, req.params.action, 'clock action');
    const change = parseInput(clockChangeSchema, req.body ?? {}, 'clock change');
    const result = await regulationCall(() =>
      clocks.change(complaint.id, String(req.params.clock), { kind, ...change }, actorOf(req)),
    );
    const now = await regulationCall(() => clocks.clocks(complaint.id));
    res.status(201).json({ ...result, clock: now.clocks.find((c) => c.key === req.params.clock) });
  });

  router.put('/complaints/:id/outcome', requirePermission('complaints.annotate'), async (req, res) => {
    const complaint = await complaintFor(req);
    const input = parseInput(outcomeSchema, req.body, 'outcome');
    const saved = await regulationCall(() => outcome.record(complaint.id, input, actorOf(req)));
    res.json({ decision: saved.decision, redressPaid: saved.redressPaid, rootCause: saved.rootCause });
  });

  // The template editor's preview check: which mandatory clauses the rendered letter lacks.
  router.post('/letter-check', requireSignedIn, async (req, res) => {
    const input = parseInput(letterCheckSchema, req.body, 'letter check');
    const profiles = input.profile
      ? [await regulationCall(() => settings.profile(input.profile!))]
      : await settings.profilesInUse();
    res.json({
      results: profiles.map((p) => ({
        profile: p.key,
        ...checkMandatoryClauses(input.kind, input.locale, input.text, p),
      })),
    });
  });
  router.get('/letter-packs', requireRole('process_owner', 'compliance'), async (_req, res) => {
    const profiles = await settings.profilesInUse();
    res.json({ gaps: (await Promise.all(profiles.map((p) => letters.gaps(p)))).flat() });
  });
  router.post('/letter-packs/:profile/install', requireRole('process_owner'), async (req, res) => {
    const profile = await regulationCall(() => settings.profile(String(req.params.profile)));
    res.json({ installed: await letters.install(profile, actorOf(req)) });
  });

  router.get('/returns', readers, async (req, res) => {
    const q = parseInput(returnQuerySchema, req.query, 'return query');
    const profile = q.profile ?? settings.organisationRegime().profile.key;
    res.json(await regulationCall(() => returns.compute(profile, q)));
  });
  router.get('/returns.csv', readers, async (req, res) => {
    const q = parseInput(returnQuerySchema, req.query, 'return query');
    const profile = q.profile ?? settings.organisationRegime().profile.key;
    const r = await regulationCall(() => returns.compute(profile, q));
    res
      .type('text/csv; charset=utf-8')
      .attachment(`return-${r.profile.key}-${r.period.from}-${r.period.to}.csv`)
      .send(toCsv(['section', 'item', 'value'], ReturnsService.csvRows(r)));
  });

  return router;
}
