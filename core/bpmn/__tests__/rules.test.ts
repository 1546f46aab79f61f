import { BpmnModdle } from 'bpmn-moddle';
import redressDescriptor from '../redress.moddle.json';
import { DEPLOY_RULES, deployRule } from '../rules';
import { loadExpectations, problemKeys, readFixture } from './fixtures';

// The deploy rules have bpmnlint's rule-factory shape. Running them through bpmnlint's own Linter on
// the fixture corpus proves a bpmnlint plugin built from them reports what the deploy refuses.
interface LintReport {
  id?: string;
  message: string;
}

interface BpmnlintLinter {
  lint(root: unknown): Promise<Record<string, LintReport[]>>;
}

type LinterConstructor = new (options: {
  config: { rules: Record<string, string> };
  resolver: { resolveRule(pkg: string, name: string): unknown; resolveConfig(): unknown };
}) => BpmnlintLinter;

// bpmnlint ships no typings for its entry point; its Linter is typed above as far as used here.
const { Linter } = jest.requireActual<{ Linter: LinterConstructor }>('bpmnlint');

async function lintWithBpmnlint(xml: string): Promise<{ rule: string; elementId: string }[]> {
  const moddle = new BpmnModdle({ redress: redressDescriptor });
  const { rootElement } = await moddle.fromXML(xml);
  const rules = Object.fromEntries(DEPLOY_RULES.map((rule) => [`redress/${rule.name}`, rule.severity]));
  const linter = new Linter({
    config: { rules },
    resolver: {
      resolveRule: (_pkg: string, name: string) => deployRule(name)?.create,
      resolveConfig: () => undefined,
    },
  });
  const results = await linter.lint(rootElement);
  return Object.entries(results).flatMap(([name, reports]) =>
    reports.map((report) => ({ rule: name.replace(/^redress\//, ''), elementId: report.id ?? '' })),
  );
}

describe('deploy rules', () => {
  it('should have unique names and a description each', () => {
    const names = DEPLOY_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of DEPLOY_RULES) expect(rule.description).toMatch(/\S/);
  });

  it('should only name existing rules in fixtures/expected.json', () => {
    const named = loadExpectations().flatMap(([, expected]) => [...expected.errors, ...expected.warnings]);
    for (const { rule } of named) if (rule) expect(deployRule(rule)).toBeDefined();
  });

  // Single-process fixtures that parse: bpmnlint lints every process of a file, the deploy only one.
  const lintable = loadExpectations().filter(
    ([name, expected]) =>
      !name.includes('collaboration') && expected.errors.every((error) => error.rule !== undefined),
  );

  it.each(lintable)('should report through bpmnlint what the deploy reports: %s', async (name, expected) => {
    // when
    const reports = await lintWithBpmnlint(readFixture(name));

    // then
    expect(problemKeys(reports)).toEqual(problemKeys([...expected.errors, ...expected.warnings]));
  });
});
