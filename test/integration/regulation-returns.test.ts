import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { complaint, DAY, HOUR, insertComplaint, insertCustomer } from './compliance-seed';
import { prng } from '../support/prng';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
/** England and Wales bank holidays in the seeded months (the gb-eaw calendar has them too). */
const BANK_HOLIDAYS = new Set(['2026-04-03', '2026-04-06', '2026-05-04']);
const DECISIONS = ['upheld', 'partly_upheld', 'not_upheld', null] as const;
const REMEDIES = [null, 'none', 'refund', 'apology'] as const;
const CATEGORIES = ['banking', 'cards', null] as const;

interface Seeded {
  createdAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  profile: string | null;
  decision: (typeof DECISIONS)[number];
  remedyType: (typeof REMEDIES)[number];
  remedyAmount: number | null;
  redressPaid: number | null;
  category: string | null;
}

interface ReturnJson {
  opened: number;
  closed: number;
  bands: { key: string; count: number }[];
  decisions: { key: string; count: number }[];
  redress: { total: number; byCategory: { category: string; complaints: number; amount: number }[] };
}

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
const isWorkingDay = (date: string): boolean => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(date);
};

/**
 * The FCA band of a seeded complaint, worked out by hand: received at 10:00 UTC, answered at 16:00 UTC,
 * so the day-level rules decide (the hour London moves on 29 March never tips a comparison).
 * ≤ 3 business days: answered by the end of the third working day after the day of receipt.
 * ≤ 8 weeks: answered on or before the 55th day after receipt (the 56th day at 16:00 is past 10:00).
 */
function expectedBand(s: Seeded): string {
  const answered = s.resolvedAt ?? s.closedAt!;
  let day = new Date(`${dayOf(s.createdAt)}T00:00:00Z`);
  for (let counted = 0; counted < 3;) {
    day = new Date(day.getTime() + DAY);
    if (isWorkingDay(dayOf(day))) counted++;
  }
  if (dayOf(answered) <= dayOf(day)) return 'within3bd';
  const days = Math.round((Date.parse(dayOf(answered)) - Date.parse(dayOf(s.createdAt))) / DAY);
  return days <= 55 ? 'within8w' : 'over8w';
}

describe('regulator returns (real PostgreSQL, seeded complaints)', () => {
  let sys: TestSystem;
  let auditor: StaffClient;
  const seeded: Seeded[] = [];
  const from = Date.UTC(2026, 2, 1);
  const to = Date.UTC(2026, 3, 1); // exclusive: the return covers March 2026

  beforeAll(async () => {
    sys = await startTestSystem({ JURISDICTION_PROFILE: 'uk-fca' });
    auditor = await loginAs(sys, ['compliance'], [], 'auditor');
    const random = prng(2026);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const customerId = randomUUID();
    await insertCustomer(sys.dataSource, {
      id: customerId,
      name: 'Seeded Customer',
      email: null,
      phone: '+44 20 7946 0000',
    });
    for (let i = 0; i < 80; i++) {
      // answered between 20 February and 10 April: a third within days, a third within weeks,
      // a third after about 8 weeks; received that many days before, at 10:00 UTC
      const answeredDay = Date.UTC(2026, 1, 20) + Math.floor(random() * 50) * DAY;
      const band = random();
      const delay = Math.floor(
        band < 0.33 ? random() * 6 : band < 0.66 ? 6 + random() * 50 : 54 + random() * 20,
      );
      const createdAt = new Date(answeredDay - delay * DAY + 10 * HOUR);
      const answeredAt = new Date(answeredDay + 16 * HOUR);
      const open = random() < 0.15;
      const withLetter = random() < 0.9;
      const s: Seeded = {
        createdAt,
        resolvedAt: open || !withLetter ? null : answeredAt,
        closedAt: open ? null : new Date(answeredAt.getTime() + (withLetter ? 3 * DAY : 0)),
        profile: pick(['uk-fca', 'uk-fca', null, 'eu-psd2'] as const),
        decision: pick(DECISIONS),
        remedyType: pick(REMEDIES),
        remedyAmount: random() < 0.5 ? Math.round(random() * 50_000) / 100 : null,
        redressPaid: random() < 0.3 ? Math.round(random() * 30_000) / 100 : null,
        category: pick(CATEGORIES),
      };
      seeded.push(s);
      const row = complaint(customerId, createdAt, {
        status: open ? 'open' : 'closed',
        stage: open ? 'investigation' : 'closed',
        resolvedAt: s.resolvedAt,
        closedAt: s.closedAt,
        category: s.category,
        remedyType: s.remedyType,
        remedyAmount: s.remedyAmount,
      });
      await insertComplaint(sys.dataSource, row);
      await sys.dataSource.query(
        `UPDATE "complaint" SET "decision" = $2, "redressPaid" = $3, "jurisdictionProfile" = $4, "calendarKey" = $5 WHERE "id" = $1`,
        [
          row.id,
          s.decision,
          s.redressPaid,
          s.profile,
          s.profile === 'eu-psd2' ? 'eu-target' : s.profile ? 'gb-eaw' : null,
        ],
      );
    }
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should count what the FCA asks for in March 2026, exactly as worked out independently', async () => {
    // given the complaints of the UK profile (complaints without a recorded profile follow the organisation's)
    const uk = seeded.filter((s) => s.profile !== 'eu-psd2');
    const answered = (s: Seeded): Date | null => s.resolvedAt ?? s.closedAt;
    const closed = uk.filter(
      (s) => answered(s) && answered(s)!.getTime() >= from && answered(s)!.getTime() < to,
    );
    const decisionOf = (s: Seeded): string =>
      s.decision ?? (s.remedyType === null || s.remedyType === 'none' ? 'not_upheld' : 'upheld');
    const count = <T>(list: T[], f: (x: T) => boolean): number => list.filter(f).length;
    const redress = new Map<string, { complaints: number; amount: number }>();
    for (const s of closed) {
      const amount = s.redressPaid ?? s.remedyAmount ?? 0;
      if (amount <= 0) continue;
      const key = s.category ?? '(none)';
      const e = redress.get(key) ?? { complaints: 0, amount: 0 };
      redress.set(key, { complaints: e.complaints + 1, amount: Math.round((e.amount + amount) * 100) / 100 });
    }
    expect(closed.length).toBeGreaterThan(10); // the seed covers every band

    // when the return for March is asked for
    const res = await auditor.json<ReturnJson>(
      'GET',
      '/api/regulation/returns?profile=uk-fca&from=2026-03-01&to=2026-03-31',
    );

    // then every figure matches
    expect(res.status).toBe(200);
    expect(res.body.opened).toBe(
      count(uk, (s) => s.createdAt.getTime() >= from && s.createdAt.getTime() < to),
    );
    expect(res.body.closed).toBe(closed.length);
    expect(Object.fromEntries(res.body.bands.map((b) => [b.key, b.count]))).toEqual({
      within3bd: count(closed, (s) => expectedBand(s) === 'within3bd'),
      within8w: count(closed, (s) => expectedBand(s) === 'within8w'),
      over8w: count(closed, (s) => expectedBand(s) === 'over8w'),
    });
    expect(res.body.bands.every((b) => b.count > 0)).toBe(true);
    expect(Object.fromEntries(res.body.decisions.map((d) => [d.key, d.count]))).toEqual({
      upheld: count(closed, (s) => decisionOf(s) === 'upheld'),
      partly_upheld: count(closed, (s) => decisionOf(s) === 'partly_upheld'),
      not_upheld: count(closed, (s) => decisionOf(s) === 'not_upheld'),
    });
    expect(
      Object.fromEntries(
        res.body.redress.byCategory.map((c) => [c.category, { complaints: c.complaints, amount: c.amount }]),
      ),
    ).toEqual(Object.fromEntries(redress));
    const total = [...redress.values()].reduce((s, r) => s + r.amount, 0);
    expect(res.body.redress.total).toBeCloseTo(total, 2);
  });

  it('should give the same return as CSV, and as a page with the definitions', async () => {
    // when the CSV is downloaded
    const csv = await auditor.request(
      'GET',
      '/staff/compliance/returns.csv?profile=uk-fca&from=2026-03-01&to=2026-03-31',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const json = (
      await auditor.json<ReturnJson>(
        'GET',
        '/api/regulation/returns?profile=uk-fca&from=2026-03-01&to=2026-03-31',
      )
    ).body;
    // then its lines carry the same counts
    expect(lines[0]).toBe('section,item,value');
    expect(lines).toContain(`closed,complaints,${json.closed}`);
    expect(lines).toContain(`closed within,≤ 3 business days,${json.bands[0]!.count}`);
    expect(lines).toContain(`decision,Partly upheld,${json.decisions[1]!.count}`);
    // and the page shows them, with what each figure counts
    const page = await auditor.request(
      'GET',
      '/staff/compliance/returns?profile=uk-fca&from=2026-03-01&to=2026-03-31',
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<p class="value" data-figure="closed">${json.closed}</p>`);
    expect(html).toContain('Time waiting for the customer is not deducted');
    // and someone without the compliance role may not read it
    const agent = await loginAs(sys, ['agent'], ['quality'], 'agent');
    expect((await agent.json('GET', '/api/regulation/returns')).status).toBe(403);
  });

  it('should render the returns and calendars pages in a browser', async () => {
    const admin = await loginAs(sys, ['admin'], [], 'admin');
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies(
        admin
          .cookieHeader()
          .split('; ')
          .map((pair) => {
            const [name, ...value] = pair.split('=');
            return { name: name!, value: value.join('='), url: sys.baseUrl };
          }),
      );
      const page = await context.newPage();
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.goto(`${sys.baseUrl}/staff/compliance/returns?profile=uk-fca&from=2026-03-01&to=2026-03-31`);
      expect(await page.locator('h1').textContent()).toBe('Regulator returns');
      await page.screenshot({ path: path.join(ARTIFACTS, 'regulation-returns.png'), fullPage: true });

      // the admin adds a holiday to the Iranian calendar through the page
      await page.goto(`${sys.baseUrl}/staff/admin/calendars/ir`);
      await page.fill('#h-date', '2026-03-30');
      await page.fill('#h-name', 'Eid al-Fitr');
      await page.click('text=Add holiday');
      await page.waitForSelector('.flash-ok');
      expect(await page.locator('table').last().textContent()).toContain('Eid al-Fitr');
      await page.screenshot({ path: path.join(ARTIFACTS, 'regulation-calendar.png'), fullPage: true });
      await page.goto(`${sys.baseUrl}/staff/admin/calendars`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'regulation-calendars.png'), fullPage: true });
    } finally {
      await browser?.close();
    }
  });
});
