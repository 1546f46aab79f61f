import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Complaint, ProcessDefinition } from '../../core/db/entities';
import { completeTask, investigation, openTask, state, submitComplaint } from '../support/drive';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';
import { artifact, launchChromium } from '../support/browser';

// Investigation tasks fall due within seconds, so the live view has overdue complaints to show.
const FAST = {
  sla: { investigation: 'PT2S', investigationReminderCycle: 'R1/PT1H', investigationDeadline: 'PT1H' },
};

/** A browser context carrying the session cookies of a member of staff who logged in over HTTP. */
async function contextFor(browser: Browser, sys: TestSystem, who: StaffClient): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
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

/** Selects a diagram element by clicking it on the canvas. */
async function select(page: Page, elementId: string): Promise<void> {
  await page.locator(`.djs-element[data-element-id="${elementId}"]`).first().click({ force: true });
  await page.locator(`.bio-properties-panel-header-label`).first().waitFor();
}

/** Zooms the canvas in around an element (Ctrl + mouse wheel, as a person would). */
async function zoomAt(page: Page, elementId: string, steps = 3): Promise<void> {
  const box = await page.locator(`.djs-element[data-element-id="${elementId}"]`).first().boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, -120);
  await page.keyboard.up('Control');
}

/** The lint overlay (error icon) bpmn-js-bpmnlint puts on an element. */
const lintError = (page: Page, elementId: string) =>
  page.locator(`.djs-overlays[data-container-id="${elementId}"] .bjsl-icon-error`);

describe('the process owners modeler in a real browser (headless Chromium)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let owner: StaffClient;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    sys = await startTestSystem({ PROCESS_DEFAULTS: JSON.stringify(FAST) });
    owner = await loginAs(sys, ['process_owner'], [], 'owner');
    browser = await launchChromium();
    page = await (await contextFor(browser, sys, owner)).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // Every failed asset or API call counts (the browser's own favicon request aside).
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        errors.push(`${response.status()} ${response.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('should edit an SLA and a template, show a lint error and clear it, and deploy version 2 for new complaints only', async () => {
    // given two complaints running on version 1, waiting in Investigate, and one waiting for approval
    const running = [
      await submitComplaint(sys, { email: uniqueEmail() }),
      await submitComplaint(sys, { email: uniqueEmail() }),
    ];
    for (const { handle } of running) await openTask(handle, 'investigate');
    const approval = await submitComplaint(sys, { email: uniqueEmail() });
    await completeTask(approval.handle, 'investigate', investigation(900));
    await openTask(approval.handle, 'approveRemedy');

    // when the process owner opens the default process in the modeler
    await page.goto(`${sys.baseUrl}/modeler`);
    await page.locator('#modeler-app[data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#m-version').inputValue()).toBe('1');

    // and changes the SLA of Investigate in the properties panel
    await select(page, 'investigate');
    const dueIn = page.locator('#bio-properties-panel-redress-dueIn');
    expect(await dueIn.inputValue()).toBe('=sla.investigation');
    const fieldError = page.locator('[data-entry-id="redress-dueIn"] .bio-properties-panel-error');
    await dueIn.fill('3 days');
    await fieldError.getByText('Not an ISO 8601 duration').waitFor();
    await dueIn.fill('P2D');
    await fieldError.waitFor({ state: 'detached' });

    // and picks another template for the survey reminder from the real templates
    await select(page, 'notifySurveyReminder');
    const template = page.locator('#bio-properties-panel-redress-param-template');
    expect(await template.locator('option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^survey-invitation — en, fa, ru, vi/)]),
    );
    await template.selectOption('survey-invitation');

    // and clears the template of the apology: the deploy rule shows on the diagram at once
    await select(page, 'notifySlaApology');
    await expect(lintError(page, 'notifySlaApology').count()).resolves.toBe(0);
    await page.locator('#bio-properties-panel-redress-param-template').selectOption('');
    await lintError(page, 'notifySlaApology').waitFor();
    await zoomAt(page, 'notifySlaApology');
    await lintError(page, 'notifySlaApology').hover();
    await page.getByText('task type "notify" needs parameter "template"').first().waitFor();
    await page.screenshot({ path: artifact('modeler-properties.png') });

    // and putting it back clears the error
    await page.locator('#bio-properties-panel-redress-param-template').selectOption('sla-apology');
    await lintError(page, 'notifySlaApology').waitFor({ state: 'detached' });

    // and deploys with a comment
    await page.locator('#m-comment').fill('Investigation due in 2 days; reminder re-sends the invitation');
    await page.locator('#m-deploy').click();
    await page.getByText('Deployed version 2').waitFor();

    // then version 2 holds the changes and says who deployed it
    const v2 = await sys.dataSource
      .getRepository(ProcessDefinition)
      .findOneByOrFail({ key: 'complaint', version: 2 });
    expect(v2.compiled.elements.investigate?.userTask?.dueIn).toBe('P2D');
    expect(v2.compiled.elements.notifySurveyReminder?.serviceTask?.params.template).toBe('survey-invitation');
    expect(v2.compiled.elements.notifySlaApology?.serviceTask?.params.template).toBe('sla-apology');
    expect(v2.deployedBy).toBe(`user:${owner.userId}`);
    expect(v2.comment).toBe('Investigation due in 2 days; reminder re-sends the invitation');

    // and a complaint started now follows version 2, while the older ones stay on version 1
    const fresh = await submitComplaint(sys, { email: uniqueEmail() });
    expect(fresh.complaint.processVersion).toBe(2);
    await eventually(
      'the new complaint to report version 2',
      async () => (await state(fresh.handle)).processVersion === 2,
    );
    for (const { complaint, handle } of running) {
      expect(
        (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).processVersion,
      ).toBe(1);
      expect((await state(handle)).processVersion).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('should show where the complaints of version 1 wait, as a heat map linking to them', async () => {
    // given complaints of version 1 waiting in Investigate past their due time, and one awaiting approval
    await eventually(
      'the investigation tasks to be overdue and the approval task to be in the inbox',
      async () => {
        const [row] = await sys.dataSource.query<{ overdue: string; approval: string }[]>(
          `SELECT COUNT(*) FILTER (WHERE "elementId" = 'investigate' AND "dueAt" < now()) AS overdue,
                COUNT(*) FILTER (WHERE "elementId" = 'approveRemedy') AS approval
           FROM human_task WHERE status = 'open'`,
        );
        return Number(row?.overdue) >= 2 && Number(row?.approval) === 1;
      },
    );
    await page.locator('#m-version').selectOption('1');
    await page.getByText('Version 1 of complaint is open.').waitFor();

    // when the live view is opened
    await page.locator('#m-live').click();

    // then Investigate carries the count, linking to the list of those complaints
    const badge = page.locator('.redress-live-badge[data-element-id="investigate"]');
    await badge.waitFor();
    expect((await badge.textContent())?.trim()).toMatch(/^2/);
    expect(await badge.getAttribute('href')).toBe('/staff/complaints?element=investigate&version=1');
    await expect(
      page.locator('.djs-element[data-element-id="investigate"].redress-heat-overdue').count(),
    ).resolves.toBe(1);
    // and the complaint awaiting approval is counted where it waits, not overdue (approval has no due date)
    const approvalBadge = page.locator('.redress-live-badge[data-element-id="approveRemedy"]');
    expect((await approvalBadge.textContent())?.trim()).toBe('1');
    await expect(
      page.locator('.djs-element[data-element-id="approveRemedy"].redress-heat-overdue').count(),
    ).resolves.toBe(0);
    await zoomAt(page, 'mergeRemedy', 3);
    await page.screenshot({ path: artifact('modeler-heatmap.png') });
    expect(errors).toEqual([]);
  });

  it('should compare versions, check FEEL as you type, design a form, dry-run with the path highlighted, and import a Camunda file the deploy refuses by element', async () => {
    // comparing version 2 with version 1 marks what changed
    await page.locator('#m-version').selectOption('2');
    await page.getByText('Version 2 of complaint is open.').waitFor();
    await page.locator('#m-compare').click();
    await page.locator('#redress-drawer-title', { hasText: 'v1 → v2' }).waitFor();
    await expect(
      page.locator('.djs-element[data-element-id="investigate"].redress-diff-changed').count(),
    ).resolves.toBe(1);
    await page.getByText('userTask.dueIn').waitFor();

    // a FEEL condition is checked by the deploy's parser while it is typed
    await select(page, 'toApproval');
    const condition = page.locator('#bio-properties-panel-redress-condition');
    expect(await condition.inputValue()).toContain('remedyAmount > approvalLimit');
    const conditionError = page.locator('[data-entry-id="redress-condition"] .bio-properties-panel-error');
    await condition.fill('=remedyAmount >');
    await conditionError.getByText('FEEL syntax error').waitFor();
    await lintError(page, 'toApproval').waitFor();
    await condition.fill('=remedyAmount > approvalLimit or severity = "high"');
    await conditionError.waitFor({ state: 'detached' });

    // the form of a user task opens in form-js's designer and is saved back into the model
    await select(page, 'approveRemedy');
    // (and its candidate groups are picked from the real staff groups)
    const groups = page.locator('#bio-properties-panel-redress-candidateGroups-value');
    expect(await groups.inputValue()).toBe('approvers');
    await page.getByRole('checkbox', { name: /Supervisors/ }).check();
    await eventually(
      'the groups to be updated',
      async () => (await groups.inputValue()) === 'approvers,supervisors',
    );
    await page.getByRole('button', { name: 'Edit the form…' }).click();
    const dialog = page.locator('.redress-form-dialog[open]');
    await dialog.locator('.fjs-editor-container').waitFor();
    await dialog.getByText('Decision').first().waitFor();
    await page.screenshot({ path: artifact('modeler-form-designer.png') });
    await dialog.getByRole('button', { name: 'Save form' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.redress-form-summary', { hasText: 'decision, reason' }).waitFor();

    // a dry run follows the model on the real interpreter and highlights the path taken
    await page.locator('#m-dry-run').click();
    await page.locator('#redress-dry-run-go').click();
    await page.locator('.redress-dry-run-output').getByText('Completed after').waitFor();
    expect(await page.locator('.djs-shape.redress-path').count()).toBeGreaterThan(10);
    await expect(page.locator('.djs-element[data-element-id="closed"].redress-path').count()).resolves.toBe(
      1,
    );
    await page.locator('.redress-messages').getByText('acknowledgment · email · en').waitFor();
    await page.locator('.redress-dry-run-output').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('modeler-dry-run.png') });

    // a Camunda 8 file is imported with its translations and a report of what Redress does not run
    await page
      .locator('#m-import')
      .setInputFiles(path.resolve(__dirname, '../../../shared/corpus/bpmn/miwg-reference/C.8.0.bpmn'));
    await page.locator('#redress-drawer-title', { hasText: 'Imported C.8.0.bpmn' }).waitFor();
    await page.getByText('zeebe:userTaskForm userTaskForm_1m306cp → redress:form').waitFor();
    expect(await page.locator('#m-version').inputValue()).toBe('');

    // and deploying it is refused by element, each refusal marked on the diagram
    await page.locator('#m-deploy').click();
    await page.getByText(/^Not deployed: \d+ problems/).waitFor();
    expect(await page.locator('.redress-deploy-badge').count()).toBeGreaterThan(3);
    await page.locator('#redress-drawer-title', { hasText: 'The deploy refused the model' }).waitFor();
    expect(errors.filter((error) => !error.startsWith('422 '))).toEqual([]);
  });
});
