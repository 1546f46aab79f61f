import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter, type LintReport } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';
import { compileBpmn } from '../../core/bpmn/compile';
import { DOCUMENT_PROBLEM_ID } from '../../core/bpmn/problems';
import { DEPLOY_RULES } from '../../core/bpmn/rules';
import redressDescriptor from '../../core/bpmn/redress.moddle.json';
import { findXmlHazard } from '../../core/bpmn/xml-guard';
import { MODELER_LINT_CONFIG, staticLintResolver } from '../lint/lint-config';

const REPO = path.resolve(__dirname, '../..');
const CORPUS_DIRS = [
  path.join(__dirname, 'fixtures'),
  path.join(REPO, 'core/bpmn/__tests__/fixtures'),
  path.join(REPO, 'core/bpmn/processes'),
  path.resolve(REPO, '../shared/corpus/bpmn/miwg-reference'),
];

/** Every .bpmn file of the corpus, by its path from the folder above the repository. */
function corpus(): [string, string][] {
  return CORPUS_DIRS.filter((dir) => existsSync(dir)).flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith('.bpmn'))
      .sort()
      .map((file): [string, string] => [
        path.relative(path.dirname(REPO), path.join(dir, file)),
        path.join(dir, file),
      ]),
  );
}

/** Whether bpmn-js (and so the linter) can open the file at all: not refused by the XML guard, and BPMN. */
async function opens(xml: string): Promise<boolean> {
  if (findXmlHazard(xml)) return false;
  try {
    await moddle.fromXML(xml, 'bpmn:Definitions');
    return true;
  } catch {
    return false;
  }
}

type ByElement = Record<string, string[]>;

/** Problems grouped by element id, each list sorted and without repeats. */
function byElement(problems: { elementId: string; message: string }[]): ByElement {
  const grouped: Record<string, Set<string>> = {};
  for (const { elementId, message } of problems) (grouped[elementId] ??= new Set()).add(message);
  return Object.fromEntries(
    Object.entries(grouped)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, messages]) => [id, [...messages].sort()]),
  );
}

function lintProblems(
  results: Record<string, LintReport[]>,
  keep: (rule: string, report: LintReport) => boolean,
): { elementId: string; message: string }[] {
  return Object.entries(results).flatMap(([rule, reports]) =>
    reports
      .filter((report) => keep(rule, report))
      .map((report) => ({ elementId: report.id ?? '', message: report.message })),
  );
}

const moddle = new BpmnModdle({ redress: redressDescriptor });
// bpmnlint's own Node resolver, given Jest's require so it can load the TypeScript plugin package.
const nodeLinter = new Linter({ config: MODELER_LINT_CONFIG, resolver: new NodeResolver({ require }) });
const bundledLinter = new Linter({ config: MODELER_LINT_CONFIG, resolver: staticLintResolver });

describe('bpmnlint-plugin-redress and the deploy agree', () => {
  const models = corpus();

  it('should have a corpus of at least 30 models the modeler can open', async () => {
    const readable = await Promise.all(models.map(([, file]) => opens(readFileSync(file, 'utf8'))));
    expect(readable.filter(Boolean).length).toBeGreaterThanOrEqual(30);
  });

  it('should have a rule file for every deploy rule, so bpmnlint can resolve the plugin by name', () => {
    const files = readdirSync(path.join(__dirname, '../bpmnlint-plugin-redress/rules'));
    const missing = DEPLOY_RULES.map((rule) => `${rule.name}.ts`).filter((file) => !files.includes(file));
    // A new deploy rule needs its two-line file in modeler/bpmnlint-plugin-redress/rules/.
    expect(missing).toEqual([]);
  });

  it.each(models)('should report the same errors per element as the deploy for %s', async (_name, file) => {
    // given a model as the modeler and the deploy would read it
    const xml = readFileSync(file, 'utf8');
    const deploy = await compileBpmn(xml);
    if (!(await opens(xml))) {
      // hostile or broken XML never reaches a linter: the deploy refuses the whole document unread
      expect(deploy.ok ? [] : deploy.errors.map((error) => error.elementId)).toEqual([DOCUMENT_PROBLEM_ID]);
      return;
    }
    const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');

    // when it is linted with the modeler's configuration, through the Node resolver and the bundled one
    const results = await nodeLinter.lint(rootElement);
    const bundled = await bundledLinter.lint(rootElement);

    // then lint errors are exactly the deploy's errors, element by element
    const lintErrors = byElement(lintProblems(results, (_rule, report) => report.category === 'error'));
    expect(lintErrors).toEqual(byElement(deploy.ok ? [] : deploy.errors));
    // and Redress's warnings are the deploy's rule warnings (moddle's reading warnings are not lint's)
    const lintWarnings = byElement(
      lintProblems(results, (rule, report) => rule.startsWith('redress/') && report.category === 'warn'),
    );
    expect(lintWarnings).toEqual(byElement(deploy.warnings.filter((warning) => warning.rule !== undefined)));
    // and no rule crashed
    expect(lintProblems(results, (_rule, report) => report.category === 'rule-error')).toEqual([]);
    // and the browser bundle's resolver gives the very same findings
    expect(bundled).toEqual(results);
  });

  it.each(models.filter(([name]) => /^main\/modeler\/.*\/(good|warn)-/.test(name)))(
    'should deploy %s',
    async (_name, file) => {
      const deploy = await compileBpmn(readFileSync(file, 'utf8'));
      expect(deploy.ok ? [] : deploy.errors).toEqual([]);
    },
  );

  it.each(models.filter(([name]) => /^main\/modeler\/.*\/bad-/.test(name)))(
    'should NOT deploy %s',
    async (_name, file) => {
      const deploy = await compileBpmn(readFileSync(file, 'utf8'));
      expect(deploy.ok).toBe(false);
    },
  );
});
