import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ReturnsService, type RegulatorReturn } from '../../core/regulation/returns.service';
import { toCsv } from '../../core/search/csv';
import { withoutEmpty } from '../../core/search/complaint-search.schema';
import { compliancePageErrors, renderCompliancePage, requireReaderPage } from '../compliance/compliance-page';
import { formatAmount, formatInstant, formatPercent } from '../compliance/format';
import { ForbiddenError, HttpError } from '../http-errors';
import { redirectWithFlash } from '../staff/pages/staff-page';
import { parseInput } from '../validate';
import { regulationCall } from './regulation-http';
import {
  calendarKeySchema,
  dateParamSchema,
  holidaySchema,
  newCalendarSchema,
  returnQuerySchema,
} from './regulation.schemas';
import type { RegulationServices } from './regulation-services';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** A page of this module in the staff layout, with the message the previous form post left. */
function renderPage(
  req: Request,
  res: Response,
  view: string,
  data: { title: string; [key: string]: unknown },
  status = 200,
): void {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  renderCompliancePage(
    req,
    res,
    `regulation/${view}`,
    { ...data, entries: ['staff-workspace'], flash, mayWrite: req.staff?.roles.includes('admin') ?? false },
    status,
  );
}

/** Calendar changes are for admins; the guard runs before anything of the request is read. */
const adminOnly: RequestHandler = (req, _res, next) =>
  next(
    req.staff?.roles.includes('admin')
      ? undefined
      : new ForbiddenError('Only admins change working calendars.'),
  );

/** A refusal of a form post, shown on the page it came from. */
async function postOrFlash(
  req: Request,
  res: Response,
  back: string,
  ok: string,
  action: () => Promise<unknown>,
): Promise<void> {
  try {
    await regulationCall(action);
    redirectWithFlash(req, res, back, 'ok', ok);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status >= 500) throw err;
    const details = Array.isArray(err.details)
      ? (err.details as { message: string }[]).map((d) => d.message).join(' ')
      : '';
    redirectWithFlash(req, res, back, 'error', `${err.message} ${details}`.trim());
  }
}

/**
 * `/staff/admin/calendars`: working calendars, their weekends, time zones and holidays. Compliance
 * reads; admins create and change (each change audited by CalendarService).
 */
export function calendarPagesController(services: RegulationServices): Router {
  const router = Router();
  router.use(requireReaderPage);
  const { calendars, settings } = services;

  router.get('/', async (req, res) => {
    const [all, products] = await Promise.all([calendars.list(), settings.productMappings()]);
    const organisation = settings.organisationRegime();
    renderPage(req, res, 'calendars', {
      title: 'Working calendars',
      organisation: { profile: organisation.profile.name, calendar: organisation.calendarKey },
      calendars: all.map((c) => ({
        ...c,
        weekend: c.weekendDays.map((d) => WEEKDAYS[d]).join(', ') || 'none',
        holidayCount: c.holidays.length,
        upcoming: c.holidays.filter((h) => h.date >= new Date().toISOString().slice(0, 10)).slice(0, 3),
      })),
      products,
      weekdays: WEEKDAYS.map((name, value) => ({ value, name, checked: value === 0 || value === 6 })),
    });
  });

  router.post('/', adminOnly, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    await postOrFlash(req, res, '/staff/admin/calendars', 'Calendar created.', async () => {
      const input = parseInput(
        newCalendarSchema,
        { ...body, weekendDays: list(body.weekendDays) },
        'new calendar',
      );
      await calendars.create(input, `user:${req.staff!.userId}`);
    });
  });

  router.get('/:key', async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const calendar = await regulationCall(() => calendars.get(key));
    renderPage(req, res, 'calendar', {
      title: calendar.name,
      calendar: { ...calendar, updated: formatInstant(calendar.updatedAt) },
      weekdays: WEEKDAYS.map((name, value) => ({
        value,
        name,
        checked: calendar.weekendDays.includes(value),
      })),
      holidays: calendar.holidays.map((h) => ({
        ...h,
        weekday: WEEKDAYS[new Date(`${h.date}T00:00:00Z`).getUTCDay()],
      })),
    });
  });

  router.post('/:key', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const body = req.body as Record<string, unknown>;
    await postOrFlash(req, res, `/staff/admin/calendars/${key}`, 'Calendar saved.', async () => {
      const patch = parseInput(
        newCalendarSchema.omit({ key: true }),
        { name: body.name, timeZone: body.timeZone, weekendDays: list(body.weekendDays) },
        'calendar change',
      );
      await calendars.update(key, patch, `user:${req.staff!.userId}`);
    });
  });

  router.post('/:key/holidays', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    await postOrFlash(req, res, `/staff/admin/calendars/${key}`, 'Holiday saved.', async () => {
      const holiday = parseInput(holidaySchema, req.body, 'holiday');
      await calendars.putHoliday(key, holiday, `user:${req.staff!.userId}`);
    });
  });

  router.post('/:key/holidays/:date/delete', adminOnly, async (req, res) => {
    const key = parseInput(calendarKeySchema, req.params.key, 'calendar key');
    const date = parseInput(dateParamSchema, req.params.date, 'date');
    await postOrFlash(req, res, `/staff/admin/calendars/${key}`, `Holiday ${date} removed.`, () =>
      calendars.removeHoliday(key, date, `user:${req.staff!.userId}`),
    );
  });

  router.use(compliancePageErrors);
  return router;
}

/** The page's view of a return: counts with shares, amounts formatted, beside their definitions. */
function returnView(r: RegulatorReturn) {
  const share = (n: number): string => formatPercent(r.closed ? n / r.closed : null);
  return {
    bands: r.bands.map((b) => ({ ...b, share: share(b.count) })),
    decisions: r.decisions.map((d) => ({ ...d, share: share(d.count) })),
    redressTotal: formatAmount(r.redress.total),
    redressRows: r.redress.byCategory.map((c) => ({ ...c, amountText: formatAmount(c.amount) })),
  };
}

/** `/staff/compliance/returns`: the counts regulators ask for, for a profile and period, and their CSV. */
export function returnsPagesController(services: RegulationServices): Router {
  const router = Router();
  router.use(requireReaderPage);
  const { settings, returns } = services;

  const compute = async (req: Request): Promise<RegulatorReturn> => {
    const q = parseInput(
      returnQuerySchema,
      withoutEmpty(req.query as Record<string, unknown>),
      'return query',
    );
    return regulationCall(() => returns.compute(q.profile ?? settings.organisationRegime().profile.key, q));
  };

  router.get('/', async (req, res) => {
    const r = await compute(req);
    const query = new URLSearchParams({ profile: r.profile.key, from: r.period.from, to: r.period.to });
    renderPage(req, res, 'returns', {
      title: 'Regulator returns',
      r,
      csvUrl: `/staff/compliance/returns.csv?${query.toString()}`,
      profiles: settings
        .profiles()
        .map((p) => ({ key: p.key, name: p.name, selected: p.key === r.profile.key })),
      ...returnView(r),
    });
  });

  router.use(compliancePageErrors);
  return router;
}

/** `/staff/compliance/returns.csv`: the same return as a spreadsheet (section, item, value). */
export function returnsCsvController(services: RegulationServices): Router {
  const router = Router();
  router.use(requireReaderPage);
  router.get('/', async (req, res) => {
    const q = parseInput(
      returnQuerySchema,
      withoutEmpty(req.query as Record<string, unknown>),
      'return query',
    );
    const r = await regulationCall(() =>
      services.returns.compute(q.profile ?? services.settings.organisationRegime().profile.key, q),
    );
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(`return-${r.profile.key}-${r.period.from}-${r.period.to}.csv`)
      .send(toCsv(['section', 'item', 'value'], ReturnsService.csvRows(r)));
  });
  return router;
}
