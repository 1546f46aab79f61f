import { randomUUID } from 'node:crypto';
import type { Report } from '../../core/reports/report.service';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { complaint, DAY, HOUR, insertComplaint, insertCustomer, type SeedComplaint } from './compliance-seed';
import { prng } from '../support/prng';

/**
 * Report figures checked against a seeded set of complaints whose true values are computed here,
 * in plain TypeScript, independently of the SQL under test.
 */

const FROM = new Date('2024-01-01T00:00:00Z');
const TO_EXCLUSIVE = new Date('2024-07-01T00:00:00Z');
const FINAL_RESPONSE_HOURS = 15 * 24; // the default sla.finalResponse, P15D

const CATEGORIES = ['product', 'billing', 'delivery', 'service'];
const CHANNELS = ['web', 'email', 'phone', 'api'];
const DEPARTMENTS = ['quality', 'finance', 'sales'];
const PRODUCTS = ['kettle', 'toaster', null];
const TYPES = ['complaint', 'claim', 'suggestion'];
const REMEDIES = ['refund', 'repair', 'apology', 'none', null];

/** percentile_cont: linear interpolation between the two closest ranks. */
function percentileCont(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
const hoursBetween = (a: Date, b: Date): number => (b.getTime() - a.getTime()) / HOUR;
/** PostgreSQL's `t - interval '12 months'`: same day a year earlier, clamped to the month's last day. */
function yearBefore(t: Date): Date {
  const y = t.getUTCFullYear() - 1;
  const m = t.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(t.getUTCDate(), last),
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
      t.getUTCMilliseconds(),
    ),
  );
}
const ratio = (n: number, d: number) => ({ numerator: n, denominator: d, rate: d ? n / d : null });

function seedSet(customers: string[]): SeedComplaint[] {
  const rnd = prng(20240101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const out: SeedComplaint[] = [];
  for (let i = 0; i < 40; i++) {
    // Mostly inside the first half of 2024; a few before and after to prove the period filter.
    const createdAt = new Date(
      FROM.getTime() - 20 * DAY + Math.floor(rnd() * 220) * DAY + Math.floor(rnd() * 86_400) * 1000,
    );
    const closed = rnd() < 0.7;
    const acknowledged = rnd() < 0.9;
    const resolved = closed || rnd() < 0.3;
    const ackAt = acknowledged ? new Date(createdAt.getTime() + Math.floor(rnd() * 48 * 60) * 60_000) : null;
    const resolvedAt = resolved ? new Date(createdAt.getTime() + Math.floor(rnd() * 30 * 24) * HOUR) : null;
    const closedAt = closed ? new Date(resolvedAt!.getTime() + Math.floor(rnd() * 72) * HOUR) : null;
    const reopenCount = resolved && rnd() < 0.25 ? 1 : 0;
    const remedyType = closed ? pick(REMEDIES) : null;
    const c = complaint(pick(customers), createdAt, {
      channel: pick(CHANNELS),
      type: pick(TYPES),
      category: rnd() < 0.1 ? null : pick(CATEGORIES),
      product: pick(PRODUCTS),
      department: pick(DEPARTMENTS),
      status: closed ? 'closed' : 'open',
      stage: closed ? 'closed' : 'investigation',
      acknowledgedAt: ackAt,
      resolvedAt,
      closedAt,
      reopenCount,
      satisfaction: closed && rnd() < 0.8 ? 1 + Math.floor(rnd() * 5) : null,
      remedyType,
      remedyAmount:
        remedyType && remedyType !== 'none' && rnd() < 0.8 ? Math.round(rnd() * 50000) / 100 : null,
    });
    // Investigation task with a 5-day deadline; approval sometimes, without a deadline.
    const taskStart = new Date(createdAt.getTime() + HOUR);
    const due = new Date(taskStart.getTime() + 5 * DAY);
    const finished = resolved || rnd() < 0.3;
    const doneAt = finished ? new Date(taskStart.getTime() + Math.floor(rnd() * 10 * 24) * HOUR) : null;
    const cancelled = finished && rnd() < 0.15;
    c.tasks.push({
      elementId: 'investigate',
      name: 'Investigate',
      status: finished ? (cancelled ? 'cancelled' : 'completed') : 'open',
      createdAt: taskStart,
      dueAt: due,
      completedAt: doneAt,
      completedBy: finished && !cancelled ? 'agent@x' : null,
    });
    if (rnd() < 0.4)
      c.tasks.push({
        elementId: 'approveRemedy',
        name: 'Approve remedy',
        status: 'completed',
        createdAt: taskStart,
        dueAt: null,
        completedAt: taskStart,
        completedBy: 'approver@x',
      });
    c.visits.push({ elementId: 'investigate', kind: 'userTask', enteredAt: taskStart, leftAt: doneAt });
    c.visits.push({ elementId: 'classify', kind: 'serviceTask', enteredAt: createdAt, leftAt: taskStart });
    if (rnd() < 0.5)
      c.visits.push({
        elementId: 'approveRemedy',
        kind: 'userTask',
        enteredAt: taskStart,
        leftAt: new Date(taskStart.getTime() + Math.floor(rnd() * 100) * HOUR),
      });
    // Resolution replies: one step (email + SMS), sometimes a second step; survey invitations.
    if (resolved) {
      c.messages.push({ template: 'resolution', channel: 'email', step: 'w10', createdAt: resolvedAt! });
      c.messages.push({ template: 'resolution', channel: 'sms', step: 'w10', createdAt: resolvedAt! });
      if (rnd() < 0.2)
        c.messages.push({ template: 'resolution', channel: 'email', step: 'w20', createdAt: resolvedAt! });
      if (rnd() < 0.85)
        c.messages.push({
          template: 'survey-invitation',
          channel: 'email',
          step: 'w11',
          createdAt: resolvedAt!,
        });
    }
    c.messages.push({ template: 'acknowledgment', channel: 'email', step: 'w1', createdAt });
    out.push(c);
  }
  return out;
}

/** The figures, computed from the seed in TypeScript. */
function expected(all: SeedComplaint[], department: string | undefined, now: Date) {
  const cs = all.filter(
    (c) => c.createdAt >= FROM && c.createdAt < TO_EXCLUSIVE && (!department || c.department === department),
  );
  const months = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'];
  const counts = months.map(
    (m) => cs.filter((c) => c.createdAt.toISOString().slice(0, 7) === m.slice(0, 7)).length,
  );
  const n = counts.length;
  const mx = (n + 1) / 2;
  const my = counts.reduce((a, b) => a + b, 0) / n;
  const slope =
    counts.reduce((s, y, i) => s + (i + 1 - mx) * (y - my), 0) /
    counts.reduce((s, _y, i) => s + (i + 1 - mx) ** 2, 0);

  const breakdown = (get: (c: SeedComplaint) => string | null) => {
    const m = new Map<string, number>();
    for (const c of cs) m.set(get(c) ?? '(none)', (m.get(get(c) ?? '(none)') ?? 0) + 1);
    return [...m]
      .map(([value, complaints]) => ({ value, complaints, share: complaints / cs.length }))
      .sort((a, b) => b.complaints - a.complaints || (a.value < b.value ? -1 : 1));
  };
  const ack = cs.filter((c) => c.acknowledgedAt).map((c) => hoursBetween(c.createdAt, c.acknowledgedAt!));
  const res = cs.filter((c) => c.resolvedAt).map((c) => hoursBetween(c.createdAt, c.resolvedAt!));
  const tasks = cs.flatMap((c) => c.tasks).filter((t) => t.dueAt);
  const met = tasks.filter((t) => t.status === 'completed' && t.completedAt! <= t.dueAt!).length;
  const missed = tasks.filter(
    (t) => (t.completedAt && t.completedAt > t.dueAt!) || (t.status === 'open' && t.dueAt! < now),
  ).length;
  const closed = cs.filter((c) => c.status === 'closed');
  const replies = (c: SeedComplaint) =>
    new Set(c.messages.filter((m) => m.template === 'resolution').map((m) => m.step)).size;
  const repeat = cs.filter((c) =>
    all.some(
      (p) =>
        p.customerId === c.customerId &&
        p.id !== c.id &&
        p.createdAt < c.createdAt &&
        p.createdAt >= yearBefore(c.createdAt),
    ),
  ).length;
  const resolved = cs.filter((c) => c.resolvedAt);
  const invited = cs.filter((c) => c.messages.some((m) => m.template === 'survey-invitation'));
  const good = cs.filter((c) => c.satisfaction !== null && c.satisfaction >= 4).length;
  const bad = cs.filter((c) => c.satisfaction !== null && c.satisfaction <= 2).length;
  const granted = closed.filter((c) => c.remedyType && c.remedyType !== 'none');
  const remedyTypes = [...new Set(granted.map((c) => c.remedyType!))];
  const waits = new Map<string, { all: number; finished: number[]; waiting: number }>();
  for (const c of cs)
    for (const v of c.visits.filter((x) => x.kind === 'userTask')) {
      const w = waits.get(v.elementId) ?? { all: 0, finished: [], waiting: 0 };
      w.all++;
      if (v.leftAt) w.finished.push(hoursBetween(v.enteredAt, v.leftAt));
      else if (c.status === 'open') w.waiting++;
      waits.set(v.elementId, w);
    }
  return {
    total: cs.length,
    buckets: months.map((m, i) => ({ period: m, complaints: counts[i]! })),
    slope,
    byCategory: breakdown((c) => c.category),
    byChannel: breakdown((c) => c.channel),
    byType: breakdown((c) => c.type),
    byProduct: breakdown((c) => c.product),
    byDepartment: breakdown((c) => c.department),
    ack: { count: ack.length, averageHours: mean(ack), p90Hours: percentileCont(ack, 0.9) },
    resolve: { count: res.length, averageHours: mean(res), p90Hours: percentileCont(res, 0.9) },
    withinSla: ratio(res.filter((h) => h <= FINAL_RESPONSE_HOURS).length, res.length),
    deadlines: ratio(met, met + missed),
    fcr: ratio(closed.filter((c) => c.reopenCount === 0 && replies(c) <= 1).length, closed.length),
    repeat: ratio(repeat, cs.length),
    reopen: ratio(resolved.filter((c) => c.reopenCount > 0).length, resolved.length),
    satisfaction: {
      good,
      bad,
      neutral: cs.filter((c) => c.satisfaction === 3).length,
      answered: cs.filter((c) => c.satisfaction !== null).length,
      invited: invited.length,
      score: good + bad ? good / (good + bad) : null,
      responseRate: invited.length
        ? invited.filter((c) => c.satisfaction !== null).length / invited.length
        : null,
    },
    remedies: {
      granted: granted.length,
      totalCost: Math.round(granted.reduce((s, c) => s + (c.remedyAmount ?? 0), 0) * 100) / 100,
      byType: Object.fromEntries(
        remedyTypes.map((t) => {
          const rows = granted.filter((c) => c.remedyType === t);
          const amounts = rows.map((c) => c.remedyAmount).filter((a): a is number => a !== null);
          return [
            t,
            {
              count: rows.length,
              totalCost: Math.round(amounts.reduce((s, a) => s + a, 0) * 100) / 100,
              averageCost: amounts.length ? Math.round(mean(amounts)! * 100) / 100 : null,
            },
          ];
        }),
      ),
    },
    waits: Object.fromEntries(
      [...waits].map(([id, w]) => [
        id,
        {
          visits: w.all,
          finished: w.finished.length,
          stillWaiting: w.waiting,
          averageHours: mean(w.finished),
          p90Hours: percentileCont(w.finished, 0.9),
        },
      ]),
    ),
  };
}

describe('reports (figures checked against a seeded set with known values)', () => {
  let sys: TestSystem;
  let compliance: StaffClient;
  let seeded: SeedComplaint[];
  beforeAll(async () => {
    sys = await startTestSystem();
    const customers = Array.from({ length: 12 }, () => randomUUID());
    for (const [i, id] of customers.entries())
      await insertCustomer(sys.dataSource, {
        id,
        name: `Customer ${i}`,
        email: `c${i}.${id.slice(0, 6)}@example.test`,
        phone: null,
      });
    seeded = seedSet(customers);
    for (const c of seeded) await insertComplaint(sys.dataSource, c);
    compliance = await loginAs(sys, ['compliance']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const check = (report: Report, exp: ReturnType<typeof expected>): void => {
    const f = report.figures;
    expect(f.volume.value.total).toBe(exp.total);
    expect(f.volume.value.buckets).toEqual(exp.buckets);
    expect(f.volume.value.trendPerBucket).toBeCloseTo(exp.slope, 9);
    expect(f.byCategory.value).toEqual(
      exp.byCategory.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })),
    );
    expect(f.byChannel.value).toEqual(
      exp.byChannel.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })),
    );
    expect(f.byType.value).toEqual(exp.byType.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })));
    expect(f.byProduct.value).toEqual(
      exp.byProduct.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })),
    );
    expect(f.byDepartment.value).toEqual(
      exp.byDepartment.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })),
    );
    for (const [got, want] of [
      [f.timeToAcknowledge.value, exp.ack],
      [f.timeToResolve.value, exp.resolve],
    ] as const) {
      expect(got.count).toBe(want.count);
      expect(got.averageHours).toBeCloseTo(want.averageHours!, 6);
      expect(got.p90Hours).toBeCloseTo(want.p90Hours!, 6);
    }
    expect(f.resolvedWithinSla.value).toEqual(exp.withinSla);
    expect(f.taskDeadlinesMet.value).toEqual(exp.deadlines);
    expect(f.firstContactResolution.value).toEqual(exp.fcr);
    expect(f.repeatComplaints.value).toEqual(exp.repeat);
    expect(f.reopenRate.value).toEqual(exp.reopen);
    expect(f.satisfaction.value).toEqual(exp.satisfaction);
    expect(f.remedies.value.granted).toBe(exp.remedies.granted);
    expect(f.remedies.value.totalCost).toBeCloseTo(exp.remedies.totalCost, 2);
    expect(
      Object.fromEntries(
        f.remedies.value.byType.map((r) => [
          r.remedyType,
          { count: r.count, totalCost: r.totalCost, averageCost: r.averageCost },
        ]),
      ),
    ).toEqual(exp.remedies.byType);
    const waits = Object.fromEntries(f.waitingTimes.value.map((w) => [w.elementId, w]));
    expect(Object.keys(waits).sort()).toEqual(Object.keys(exp.waits).sort());
    for (const [id, want] of Object.entries(exp.waits)) {
      expect(waits[id]).toMatchObject({
        visits: want.visits,
        finished: want.finished,
        stillWaiting: want.stillWaiting,
      });
      expect(waits[id]!.averageHours).toBeCloseTo(want.averageHours!, 6);
      expect(waits[id]!.p90Hours).toBeCloseTo(want.p90Hours!, 6);
    }
    // Every figure says what it counts.
    for (const figure of Object.values(f)) expect(figure.definition.length).toBeGreaterThan(40);
  };

  it('should compute every figure for a period exactly as defined', async () => {
    // given the seeded complaints
    // when a compliance user asks for the first half of 2024
    const res = await compliance.json<Report>(
      'GET',
      '/api/reports?from=2024-01-01&to=2024-06-30&granularity=month',
    );
    // then each figure equals the one computed independently
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({
      from: '2024-01-01',
      to: '2024-06-30',
      department: null,
      granularity: 'month',
    });
    check(res.body, expected(seeded, undefined, new Date()));
  });

  it('should restrict every figure to one department', async () => {
    const res = await compliance.json<Report>(
      'GET',
      '/api/reports?from=2024-01-01&to=2024-06-30&department=finance',
    );
    expect(res.status).toBe(200);
    check(res.body, expected(seeded, 'finance', new Date()));
  });

  it('should list every ISO week of the period when asked per week', async () => {
    const res = await compliance.json<Report>(
      'GET',
      '/api/reports?from=2024-01-01&to=2024-01-31&granularity=week',
    );
    expect(res.status).toBe(200);
    const weeks = res.body.figures.volume.value.buckets;
    // 2024-01-01 is a Monday; 31 January falls in the week of 29 January.
    expect(weeks.map((w) => w.period)).toEqual([
      '2024-01-01',
      '2024-01-08',
      '2024-01-15',
      '2024-01-22',
      '2024-01-29',
    ]);
    const inJanuary = seeded.filter(
      (c) => c.createdAt >= FROM && c.createdAt < new Date('2024-02-01T00:00:00Z'),
    );
    expect(weeks.reduce((s, w) => s + w.complaints, 0)).toBe(inJanuary.length);
  });

  it('should answer 400 for a malformed period and show the figures with their definitions on the page', async () => {
    expect((await compliance.json('GET', '/api/reports?from=2024-13-01')).status).toBe(400);
    expect((await compliance.json('GET', '/api/reports?from=2024-06-01&to=2024-01-01')).status).toBe(400);
    const page = await compliance.request('GET', '/staff/reports?from=2024-01-01&to=2024-06-30');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('First-contact resolution');
    expect(html).toContain('good ÷ (good + bad)');
    expect(html).toContain('percentile_cont(0.9)');
    expect(html).toMatch(/<script type="module" src="\/assets\/[^"]*reports[^"]*\.js">/);
  });
});
