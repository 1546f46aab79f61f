import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext } from 'playwright-core';
import type { Actor } from '../../workflows/complaint.messages';
import { answerSurvey, completeTask, investigation, submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';
import { complaint, DAY, HOUR, insertComplaint, insertCustomer } from '../integration/compliance-seed';
import { artifact, launchChromium, seriousViolations } from '../support/browser';
import { prng } from '../support/prng';

const FAST = {
  approvalLimit: 100,
  sla: {
    investigation: 'PT1H',
    investigationReminderCycle: 'R1/PT1H',
    investigationDeadline: 'PT2H',
    surveyReminder: 'PT1H',
    surveyTimeout: 'PT1H',
  },
};

/** A browser context logged in as this member of staff (the session cookies the real login set). */
async function contextFor(
  browser: Browser,
  sys: TestSystem,
  who: StaffClient,
  options: { bypassCSP: boolean },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
    ...options,
  });
  await context.addCookies(
    who
      .cookieHeader()
      .split('; ')
      .map((pair) => {
        const [name, ...value] = pair.split('=');
        return { name: name!, value: value.join('='), url: sys.baseUrl };
      }),
  );
  return context;
}

describe('compliance pages and reports in a real browser (headless Chromium)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let compliance: StaffClient;
  let complaintId: string;

  beforeAll(async () => {
    sys = await startTestSystem({ PROCESS_DEFAULTS: JSON.stringify(FAST) });
    compliance = await loginAs(sys, ['compliance'], [], 'auditor');
    const agent = await loginAs(sys, ['agent'], ['quality'], 'agent');
    const approver = await loginAs(sys, ['approver'], ['approvers'], 'approver');
    const asAgent: Actor = {
      userId: agent.userId,
      username: agent.email,
      roles: ['agent'],
      groups: ['quality'],
    };
    const asApprover: Actor = {
      userId: approver.userId,
      username: approver.email,
      roles: ['approver'],
      groups: ['approvers'],
    };

    // a real complaint through the process: investigation, rejection, investigation, approval, survey
    const { complaint: c, handle } = await submitComplaint(sys, {
      email: uniqueEmail(),
      phone: '+44 20 7946 0003',
    });
    complaintId = c.id;
    await completeTask(handle, 'investigate', investigation(250), asAgent);
    await completeTask(
      handle,
      'approveRemedy',
      { decision: 'reject', reason: 'Offer a repair first' },
      asApprover,
    );
    await completeTask(handle, 'investigate', investigation(180, 'repair'), asAgent);
    await completeTask(handle, 'approveRemedy', { decision: 'approve', reason: 'Within policy' }, asApprover);
    await answerSurvey(handle, 5, true);
    await handle.result();

    // and a year of seeded complaints, so the reports have something to draw
    const rnd = prng(7);
    const customers = Array.from({ length: 30 }, () => randomUUID());
    for (const [i, id] of customers.entries())
      await insertCustomer(sys.dataSource, {
        id,
        name: `Customer ${i}`,
        email: `seed${i}.${id.slice(0, 4)}@example.test`,
        phone: null,
      });
    const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
    for (let i = 0; i < 160; i++) {
      const created = new Date(
        Date.UTC(2025, 0, 1) + Math.floor(rnd() * 360) * DAY + Math.floor(rnd() * 20) * HOUR,
      );
      const closed = rnd() < 0.75;
      const resolvedAt = closed ? new Date(created.getTime() + Math.floor(rnd() * 20 * 24) * HOUR) : null;
      const seeded = complaint(pick(customers), created, {
        category: pick(['product', 'billing', 'delivery', 'service', 'safety']),
        channel: pick(['web', 'web', 'email', 'phone', 'api', 'letter']),
        department: pick(['quality', 'finance', 'sales', 'safety']),
        product: pick(['kettle', 'toaster', 'fridge', null]),
        type: pick(['complaint', 'complaint', 'claim', 'suggestion']),
        status: closed ? 'closed' : 'open',
        stage: closed ? 'closed' : pick(['investigation', 'approval']),
        acknowledgedAt: new Date(created.getTime() + Math.floor(rnd() * 30) * 60_000),
        resolvedAt,
        closedAt: closed ? new Date(resolvedAt!.getTime() + 2 * DAY) : null,
        reopenCount: closed && rnd() < 0.15 ? 1 : 0,
        satisfaction: closed && rnd() < 0.7 ? 1 + Math.floor(rnd() * 5) : null,
        remedyType: closed ? pick(['refund', 'repair', 'apology', 'replacement', 'none']) : null,
        remedyAmount: closed ? Math.round(rnd() * 30000) / 100 : null,
      });
      const start = new Date(created.getTime() + HOUR);
      const done = resolvedAt ? new Date(resolvedAt.getTime() - HOUR) : null;
      seeded.tasks.push({
        elementId: 'investigate',
        name: 'Investigate',
        status: done ? 'completed' : 'open',
        createdAt: start,
        dueAt: new Date(start.getTime() + 5 * DAY),
        completedAt: done,
        completedBy: done ? 'agent@x' : null,
      });
      seeded.visits.push({ elementId: 'investigate', kind: 'userTask', enteredAt: start, leftAt: done });
      if (rnd() < 0.4)
        seeded.visits.push({
          elementId: 'approveRemedy',
          kind: 'userTask',
          enteredAt: start,
          leftAt: new Date(start.getTime() + Math.floor(rnd() * 60) * HOUR),
        });
      if (resolvedAt) {
        seeded.messages.push({ template: 'resolution', channel: 'email', step: 'w5', createdAt: resolvedAt });
        seeded.messages.push({
          template: 'survey-invitation',
          channel: 'email',
          step: 'w6',
          createdAt: resolvedAt,
        });
      }
      await insertComplaint(sys.dataSource, seeded);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('should show a complaint history merged with the readable Temporal history, accessible', async () => {
    const context = await contextFor(browser, sys, compliance, { bypassCSP: true });
    const page = await context.newPage();
    // when the auditor opens the complaint's history
    const res = await page.goto(`${sys.baseUrl}/staff/compliance/complaints/${complaintId}/history`);
    expect(res?.status()).toBe(200);
    // then the timeline and Temporal's event history are both on the page
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^History of RD-/);
    expect(await page.locator('.history-table tbody tr').count()).toBeGreaterThan(40);
    expect(await page.locator('.history-table').textContent()).toContain('Offer a repair first');
    expect(await page.locator('.event-table tbody tr').count()).toBeGreaterThan(40);
    expect(await page.locator('.event-table').textContent()).toContain('Update accepted');
    // the signal's attributes open in place (decoded payload, not raw JSON)
    const signal = page.locator('tr[data-type="EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED"]').first();
    await signal.locator('details summary').click();
    expect(await signal.locator('dd pre').first().textContent()).toBe('customerMessage');
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelector('.temporal-panel')?.scrollTo(0, 0);
    });
    await page.screenshot({ path: artifact('compliance-history.png'), fullPage: false });
    expect(await seriousViolations(page)).toEqual([]);
    // and the print version hides the navigation when printed
    await page.goto(`${sys.baseUrl}/staff/compliance/complaints/${complaintId}/history/print`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await page.screenshot({ path: artifact('compliance-history-print.png'), fullPage: false });
    await context.close();
  });

  it('should draw the reports with Chart.js under the app’s content security policy', async () => {
    const context = await contextFor(browser, sys, compliance, { bypassCSP: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    // when the reports page opens for 2025
    await page.goto(`${sys.baseUrl}/staff/reports?from=2025-01-01&to=2025-12-31&granularity=month`);
    await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });
    // then every chart was drawn (a canvas with pixels), next to its definition
    for (const id of [
      'chart-volume',
      'chart-category',
      'chart-channel',
      'chart-type',
      'chart-department',
      'chart-product',
      'chart-satisfaction',
      'chart-waits',
      'chart-remedies',
    ]) {
      const drawn = await page.evaluate((canvasId) => {
        const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
        if (!canvas || canvas.width === 0) return false;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
        return false;
      }, id);
      expect([id, drawn]).toEqual([id, true]);
    }
    expect(await page.locator('.figure .definition').count()).toBeGreaterThanOrEqual(15);
    expect(problems).toEqual([]);
    await page.screenshot({ path: artifact('reports.png'), fullPage: true });
    await context.close();
  });

  it('should show the audit log verified and the search results, accessible', async () => {
    const context = await contextFor(browser, sys, compliance, { bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/staff/compliance/audit`);
    expect(await page.locator('[data-verify="ok"]').textContent()).toMatch(
      /Intact: all \d+ entries verified/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('compliance-audit.png'), fullPage: false });
    await page.goto(`${sys.baseUrl}/staff/compliance/search?category=safety`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('compliance-search.png'), fullPage: false });
    await context.close();
  });
});
