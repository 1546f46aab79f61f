import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots the browser tests keep for a person to look at (test/artifacts, ignored by git). */
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');

/** WCAG 2.1 A and AA: the rules the pages are held to. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Headless Chromium from Debian's packages (`apt-get install chromium`; .ci/run installs it), with
 * the switches that keep it off the network and the GPU. Also makes the artifacts folder.
 */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The path of a screenshot in the artifacts folder. */
export const artifact = (name: string): string => path.join(ARTIFACTS, name);

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and returns its serious and critical violations, one line each naming
 * the rule and the elements. The page's context needs `bypassCSP: true` so the script can be injected.
 */
export async function seriousViolations(page: Page, tags: string[] = WCAG_21_AA): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (values) => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values } });
    return result.violations;
  }, tags);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
