import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Complaint, HumanTask } from '../../core/db/entities';
import { StaffService } from '../../core/staff/staff.service';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';
import { artifact, launchChromium, seriousViolations } from '../support/browser';

describe('the staff workspace in a real browser (headless Chromium)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  const email = `browser.agent.${Date.now()}@staff.test`;
  const password = 'a browser agent password';

  const submit = async (
    subject: string,
    description: string,
    customerEmail = uniqueEmail('browser'),
  ): Promise<Complaint> => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Bea Browser', email: customerEmail }, subject, description }),
    });
    return sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ id: ((await res.json()) as { id: string }).id });
  };
  const openTask = (complaintId: string) =>
    eventually('the investigation task', () =>
      sys.dataSource
        .getRepository(HumanTask)
        .findOneBy({ complaintId, elementId: 'investigate', status: 'open' })
        .then((t) => t ?? undefined),
    );

  beforeAll(async () => {
    sys = await startTestSystem();
    await new StaffService(sys.dataSource).create(
      { email, name: 'Bea Agent', password, roles: ['agent'], groups: ['quality'] },
      'system',
    );
    browser = await launchChromium();
    // A laptop screen; bypassCSP only so that axe-core can be injected (the pages run under the app's CSP).
    context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      deviceScaleFactor: 1,
      bypassCSP: true,
      locale: 'en-GB',
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sys?.close();
  });

  it('should log in from the keyboard, claim a task in the inbox and complete it through the form-js form', async () => {
    // given a complaint waiting for quality, another one overdue, and the agent's browser
    const earlier = await submit('Kettle lid broken', 'The lid of the kettle broke and it stopped working.');
    const complaint = await submit(
      'Broken kettle',
      'The kettle I bought last week stopped working after two days.',
      uniqueEmail('main'),
    );
    const overdueTask = await openTask(earlier.id);
    await sys.dataSource
      .getRepository(HumanTask)
      .update({ id: overdueTask.id }, { dueAt: new Date(Date.now() - 2 * 3_600_000) });
    const task = await openTask(complaint.id);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // (the browser's own favicon request is not a page of ours)
    page.on(
      'console',
      (m) =>
        m.type() === 'error' &&
        !m.location().url.endsWith('/favicon.ico') &&
        errors.push(`${m.text()} ${m.location().url}`),
    );

    // when the agent opens the inbox, is sent to the login page, and logs in with the keyboard only
    await page.goto(`${sys.baseUrl}/staff/inbox`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    // (Chromium applies autofocus at its next rendering update, which can come after the load event)
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    await page.keyboard.type(email); // the email field has the focus
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${sys.baseUrl}/staff/inbox`);

    // then both tasks are listed, the overdue one first and highlighted
    const rows = page.locator('#inbox-results tbody tr');
    await expect_count(rows, 2);
    expect(await rows.nth(0).getAttribute('data-task-id')).toBe(overdueTask.id);
    expect(await rows.nth(0).getAttribute('class')).toContain('row-overdue');
    expect(await rows.nth(0).locator('.overdue').textContent()).toBe('Overdue');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('staff-inbox.png'), fullPage: true });

    // when they claim the kettle task
    const row = page.locator(`tr[data-task-id="${task.id}"]`);
    await row.getByRole('button', { name: /Claim/ }).click();
    await page.waitForSelector('.flash-ok');
    expect(await page.locator('.flash-ok').textContent()).toContain('You claimed');
    expect((await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id })).assignee).toBe(
      email,
    );

    // and open it: the form-js form renders the task's form
    await page.locator(`tr[data-task-id="${task.id}"]`).getByRole('link', { name: 'Open' }).click();
    await page.waitForURL(`${sys.baseUrl}/staff/tasks/${task.id}`);
    await page.waitForSelector('.fjs-form');
    await page.getByLabel('Findings').fill('The heating element failed; known faulty batch.');
    await page.getByLabel('Partly upheld', { exact: true }).check();
    await chooseOption(page, 'Remedy', 'Replacement');
    await page.getByLabel('Remedy amount').fill('40');
    await page.getByLabel('Answer to the customer').fill('We are sorry: a new kettle is on its way to you.');
    await page.getByLabel('Root cause').fill('Supplier batch defect');
    await page.screenshot({ path: artifact('staff-task-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Complete' }).click();

    // then the page says it is done, and the workflow moved on
    await page.waitForSelector('#task-result.ok');
    expect(await page.locator('#task-result').textContent()).toContain('Done.');
    const row2 = await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id });
    expect(row2.status).toBe('completed');
    expect(row2.data).toMatchObject({
      complaintDecision: 'partly_upheld',
      remedyType: 'replacement',
      remedyAmount: 40,
      rootCause: 'Supplier batch defect',
    });
    await eventually('the workflow to leave investigation', async () => {
      const s = await sys.temporal.workflow.getHandle(complaint.workflowId).query(complaintStateQuery);
      return s.stage !== 'investigation' && s.variables.remedyType === 'replacement';
    });
    // and the decision regulators count is on the complaint
    expect(
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).decision,
    ).toBe('partly_upheld');
    expect(errors).toEqual([]);
  });

  it('should show a refusal, not fail silently, when the form is incomplete', async () => {
    const complaint = await submit(
      'Kettle handle broken',
      'The handle of the kettle is broken and it is damaged.',
    );
    const task = await openTask(complaint.id);
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/staff/tasks/${task.id}`);
    await page.waitForSelector('.fjs-form');
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.waitForSelector('#task-result.error');
    expect(await page.locator('#task-result').textContent()).toContain(
      'Please correct the highlighted fields.',
    );
    expect((await sys.dataSource.getRepository(HumanTask).findOneByOrFail({ id: task.id })).status).toBe(
      'open',
    );
  });

  it('should add a new task to an open inbox without a reload', async () => {
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/staff/inbox`);
    const before = await page.locator('#inbox-results tbody tr').count();
    await page.waitForTimeout(300); // the stream connects
    // a new complaint arrives while the inbox is open
    const complaint = await submit('Defective kettle', 'The new kettle is defective and leaks.');
    const task = await openTask(complaint.id);
    await page.waitForSelector(`tr[data-task-id="${task.id}"]`, { timeout: 15_000 });
    expect(await page.locator('#inbox-results tbody tr').count()).toBe(before + 1);
    expect(await page.locator('#inbox-status').textContent()).toBe('The list was updated.');
    // and on a tablet held upright the list stays readable (the table scrolls inside its frame if it must)
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: artifact('staff-inbox-tablet.png'), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('should pause a deadline clock with a reason and resume it from the complaint page', async () => {
    // given a complaint in investigation, its final-response clock running
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ subject: 'Kettle handle broken' });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/staff/complaints/${complaint.id}`);
    const row = page.locator('#clocks tr[data-clock="finalResponse"]');
    expect(await row.locator('.clock-phase').textContent()).toBe('Running');
    await page.locator('#clocks').screenshot({ path: artifact('staff-complaint-clocks.png') });

    // when the agent picks a reason, adds details and pauses it
    await row.getByLabel('Reason for the pause').selectOption('waiting_for_customer');
    await row.getByLabel('Details (optional)').fill('receipt asked for by phone');
    await row.getByRole('button', { name: 'Pause the clock' }).click();
    await page.locator('.flash-ok', { hasText: 'is paused' }).waitFor();

    // then the clock says paused, why, and that its due date moves
    expect(await row.locator('.clock-phase').textContent()).toBe('Paused');
    expect(await row.textContent()).toContain('Waiting for the customer: receipt asked for by phone');
    expect(await row.textContent()).toContain('Moves when the clock resumes');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#clocks').screenshot({ path: artifact('staff-complaint-clock-paused.png') });

    // when they resume it, it runs again with a due date
    await row.getByRole('button', { name: 'Resume the clock' }).click();
    await page.locator('.flash-ok', { hasText: 'runs again' }).waitFor();
    expect(await row.locator('.clock-phase').textContent()).toBe('Running');
    expect(await row.locator('time').count()).toBeGreaterThan(0);
  });

  it('should show the complaint with its trail, messages, notes and similar complaints', async () => {
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ subject: 'Broken kettle' });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/staff/complaints/${complaint.id}`);
    // a note through the page's form
    await page.getByLabel('New note').fill('Checked with the supplier: batch 42 is affected.');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.waitForSelector('.flash-ok');
    expect(await page.locator('#notes').textContent()).toContain('batch 42');
    expect(await page.locator('h1').textContent()).toContain(complaint.trackingCode);
    expect(await page.locator('#messages').textContent()).toContain('acknowledgment');
    expect(await page.locator('#similar-title').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('staff-complaint-view.png'), fullPage: true });
  });
});

/** Waits until the locator matches exactly `n` elements. */
async function expect_count(locator: ReturnType<Page['locator']>, n: number): Promise<void> {
  await eventually(`${n} rows`, async () => (await locator.count()) === n, 10_000);
}

/** Picks an option of a form-js select (a custom dropdown over a hidden input, not a native <select>). */
async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  const field = page.locator('.fjs-form-field-select', {
    has: page.locator('label', { hasText: new RegExp(`^${label}\\*?$`) }),
  });
  await field.locator('.fjs-select-display').click();
  await field.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
}
