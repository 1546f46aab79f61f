import { type Browser, type BrowserContext } from 'playwright-core';
import { Complaint, Customer, TemplateVersion } from '../../core/db/entities';
import { t } from '../../core/i18n';
import { submitComplaint } from '../support/drive';
import { mailOfKind, resolveToSurvey, surveyPathIn } from '../support/customer-journey';
import { loginAs } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';
import { WCAG_21_AA, artifact, launchChromium, seriousViolations } from '../support/browser';

describe('the customer pages in a real browser (headless Chromium)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    sys = await startTestSystem();
    browser = await launchChromium();
    // bypassCSP only so that axe-core can be injected; the pages themselves run under the app's CSP.
    context = await browser.newContext({
      viewport: { width: 412, height: 915 },
      deviceScaleFactor: 1,
      bypassCSP: true,
      locale: 'fa-IR',
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sys?.close();
  });

  it('should show the Persian form right to left, accessible, and submit it from the keyboard-usable page', async () => {
    const page = await context.newPage();
    // given a Persian-speaking visitor (Accept-Language fa-IR)
    await page.goto(`${sys.baseUrl}/`);
    expect(page.url()).toBe(`${sys.baseUrl}/complain`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    expect(await page.textContent('h1')).toBe(t('fa', 'form.title'));
    // the layout really is mirrored: the labels start at the right edge
    const label = await page.locator('label[for="field-name"]').boundingBox();
    const input = await page.locator('#field-name').boundingBox();
    expect(label!.x + label!.width).toBeGreaterThan(input!.x + input!.width - 5);
    await page.screenshot({ path: artifact('customer-form-fa.png'), fullPage: true });
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);

    // when a submission is refused, the error summary takes the focus and links to the fields
    await page.waitForTimeout(3_100);
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.getAttribute('#field-name', 'aria-invalid')).toBe('true');
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);

    // when the customer fills it in with the keyboard and sends it
    const email = uniqueEmail('browser');
    await page.fill('#field-name', 'مریم رضایی');
    await page.fill('#field-email', email);
    await page.fill('#field-subject', 'قبض برق اشتباه است');
    await page.fill(
      '#field-description',
      'قبض این ماه دو برابر ماه قبل است در حالی که مصرف تغییری نکرده است.',
    );
    await page.setInputFiles('#field-attachments', {
      name: 'meter.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await page.focus('#field-consent');
    await page.keyboard.press('Space');
    await page.waitForTimeout(3_100);
    await page.focus('button[type="submit"]');
    await page.keyboard.press('Enter');
    // then the confirmation shows the tracking code
    const code = await page.locator('[data-testid="tracking-code"]').textContent({ timeout: 15_000 });
    expect(code).toMatch(/^RD-/);
    const complaint = await sys.dataSource
      .getRepository(Complaint)
      .findOneOrFail({ where: { trackingCode: code! }, relations: { customer: true } });
    expect((complaint.customer as Customer).locale).toBe('fa');
    await page.close();
  });

  it('should show the Persian tracking page right to left and accessible', async () => {
    const email = uniqueEmail('track-fa');
    const { complaint } = await submitComplaint(sys, {
      email,
      locale: 'fa',
      subject: 'کتری خراب',
      description: 'کتری که خریدم بعد از دو روز خراب شد و دیگر روشن نمی‌شود.',
    });
    await mailOfKind(sys, email, 'acknowledgment');
    await eventually(
      'the investigation stage',
      async () =>
        (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).stage ===
        'investigation',
    );
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/track/${complaint.trackingCode}`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('[data-testid="current-stage"]')).toBe(t('fa', 'stage.investigation'));
    await page.screenshot({ path: artifact('customer-tracking-fa.png'), fullPage: true });
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);

    // the reply form works from the browser
    await page.fill('#field-message', 'شمارهٔ کنتور ۴۷۱۱ است.');
    await page.click('form[action*="/messages"] button[type="submit"]');
    await page.waitForSelector('.notice');
    expect(await page.textContent('#your-messages')).toContain('شمارهٔ کنتور ۴۷۱۱ است.');
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);
    await page.close();
  });

  it('should let a process owner edit a template with a live preview, under the real CSP', async () => {
    // given a process owner signed in (over HTTP), in a browser that enforces the app's CSP
    const owner = await loginAs(sys, ['process_owner']);
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await staffContext.addCookies(
      owner
        .cookieHeader()
        .split('; ')
        .map((pair) => {
          const [name, ...value] = pair.split('=');
          return { name: name!, value: value.join('='), url: sys.baseUrl };
        }),
    );
    const page = await staffContext.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Failed requests (other than the expected 422 of the broken preview and the browser's favicon) and CSP violations.
    page.on('response', (r) => {
      if (r.status() >= 400 && r.status() !== 422 && !r.url().endsWith('/favicon.ico'))
        errors.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    await page.goto(`${sys.baseUrl}/staff/templates`);
    // the editor opens on the first message's subject and says when it has loaded
    await page.waitForSelector('#template-editor[aria-busy="false"]');
    expect(await page.inputValue('#te-part')).toBe('subject');
    expect(await page.inputValue('#te-text')).toContain('trackingCode');

    // when a broken edit is typed, the reason shows at once
    await page.fill('#te-text', 'Complaint {{trackingCod}} received');
    await page.waitForFunction(() =>
      document.getElementById('te-problem')!.textContent!.includes('trackingCod'),
    );
    // when a good one is typed, the preview renders it on the sample data
    await page.fill('#te-text', 'Received: {{trackingCode}}');
    await page.waitForFunction(() =>
      document.getElementById('te-preview-subject')!.textContent!.startsWith('Received: '),
    );
    expect(await page.textContent('#te-problem')).toBe('');
    // and saving makes version 1
    await page.fill('#te-comment', 'Shorter subject');
    await page.click('#te-save');
    await page.waitForFunction(() =>
      document.getElementById('te-status')!.textContent!.includes('version 1'),
    );
    await page.screenshot({ path: artifact('customer-template-editor.png'), fullPage: true });
    expect(errors).toEqual([]);
    const saved = await sys.dataSource
      .getRepository(TemplateVersion)
      .findOneByOrFail({ kind: 'acknowledgment', locale: 'en', part: 'subject' });
    expect(saved).toMatchObject({
      version: 1,
      source: 'Received: {{trackingCode}}',
      comment: 'Shorter subject',
      editedBy: `user:${owner.userId}`,
    });
    await staffContext.close();
  });

  it('should show an accessible survey page and take the answer from it', async () => {
    const email = uniqueEmail('survey-browser');
    const { complaint, handle } = await submitComplaint(sys, { email, locale: 'en' });
    await resolveToSurvey(sys, handle);
    const [invitation] = await mailOfKind(sys, email, 'survey-invitation');
    // a browser of its own, in English: what this customer would use
    const english = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      locale: 'en-GB',
    });
    const page = await english.newPage();
    await page.goto(`${sys.baseUrl}${surveyPathIn(invitation!)}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: artifact('customer-survey-en.png'), fullPage: true });
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);
    await page.check('#field-satisfaction-4');
    await page.check('#field-solved');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.success');
    expect(await seriousViolations(page, [...WCAG_21_AA, 'best-practice'])).toEqual([]);
    await handle.result();
    expect((await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaint.id })).status).toBe(
      'closed',
    );
    await english.close();
  });
});
