import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One (rule, element) pair a fixture is expected to produce; document-level problems have no rule. */
export interface ExpectedProblem {
  rule?: string;
  elementId: string;
}

/** What `fixtures/expected.json` says about one fixture. */
export interface FixtureExpectation {
  note: string;
  errors: ExpectedProblem[];
  warnings: ExpectedProblem[];
}

/** Folder of the `.bpmn` fixtures, shared with the bpmnlint rules' tests. */
export const FIXTURES_DIR = path.join(__dirname, 'fixtures');

/** Every fixture with its expectation, in the order of `expected.json`. */
export function loadExpectations(): [string, FixtureExpectation][] {
  const raw = readFileSync(path.join(FIXTURES_DIR, 'expected.json'), 'utf8');
  return Object.entries(JSON.parse(raw) as Record<string, FixtureExpectation>);
}

/** The XML of one fixture. */
export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
}

/** `rule@elementId` keys, sorted, so sets of problems compare in one assertion. */
export function problemKeys(problems: readonly { rule?: string; elementId: string }[]): string[] {
  return [...new Set(problems.map((problem) => `${problem.rule ?? ''}@${problem.elementId}`))].sort();
}
