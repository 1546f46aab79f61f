import type { CompiledProcess } from '../../workflows/engine/types';
import { buildProcess } from './build';
import type { ModdleElement } from './moddle-types';
import { BpmnInputError, parseBpmn } from './parse';
import { DOCUMENT_PROBLEM_ID, type DeployProblem } from './problems';
import { DEPLOY_RULES, type RuleConfig } from './rules';
import { isScope } from './scope-graph';
import { selectProcess } from './select-process';

export { KNOWN_TASK_TYPES, TASK_TYPE_PARAMS } from './task-types';
export type { DeployProblem } from './problems';

/** Most problems returned of each severity; a hostile model could otherwise produce tens of thousands. */
export const MAX_PROBLEMS = 500;

/** Options of `compileBpmn`. */
export interface CompileOptions {
  /** Id of the process to compile when the file holds several. */
  processId?: string;
  /** Task types the worker runs; defaults to KNOWN_TASK_TYPES. */
  knownTaskTypes?: string[];
}

/** A deployable process with the warnings worth showing, or every error found, all at once. */
export type CompileResult =
  | { ok: true; process: CompiledProcess; warnings: DeployProblem[] }
  | { ok: false; errors: DeployProblem[]; warnings: DeployProblem[] };

/**
 * Validate BPMN XML against the engine's subset and compile it to the graph the interpreter runs.
 * Never throws for bad input: every problem comes back with the id of the element at fault.
 */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  let parsed;
  try {
    parsed = await parseBpmn(xml);
  } catch (error) {
    const message =
      error instanceof BpmnInputError ? error.message : `the model could not be read: ${String(error)}`;
    return { ok: false, errors: [{ elementId: DOCUMENT_PROBLEM_ID, message }], warnings: [] };
  }
  const selection = selectProcess(parsed.definitions, options.processId);
  if ('problem' in selection) return { ok: false, errors: [selection.problem], warnings: parsed.warnings };

  const found = runRules(selection.process, { knownTaskTypes: options.knownTaskTypes });
  const errors = capped(found.errors);
  const warnings = capped([...parsed.warnings, ...found.warnings]);
  if (errors.length > 0) return { ok: false, errors, warnings };
  try {
    return { ok: true, process: buildProcess(selection.process), warnings };
  } catch (error) {
    // Only reachable through a gap in the rules; still a refusal rather than a crash of the deploy.
    const message = `the model passed validation but could not be compiled: ${String(error)}`;
    return { ok: false, errors: [{ elementId: DOCUMENT_PROBLEM_ID, message }], warnings };
  }
}

/** Run every deploy rule over the process and its sub-processes, sorting problems by severity. */
function runRules(
  process: ModdleElement,
  config: RuleConfig,
): { errors: DeployProblem[]; warnings: DeployProblem[] } {
  const errors: DeployProblem[] = [];
  const warnings: DeployProblem[] = [];
  const seen = new Set<string>();
  const nodes = elementsOf(process);
  for (const rule of DEPLOY_RULES) {
    const target = rule.severity === 'error' ? errors : warnings;
    const reporter = {
      report(elementId: string, message: string): void {
        const key = `${elementId}\u0000${message}`;
        if (seen.has(key)) return;
        seen.add(key);
        target.push({ elementId, message, rule: rule.name });
      },
    };
    const check = rule.create(config);
    for (const node of nodes) {
      try {
        check.check(node, reporter);
      } catch (error) {
        // A rule tripping over a malformed model must not hide the other rules' findings.
        reporter.report(
          node.id ?? DOCUMENT_PROBLEM_ID,
          `could not check rule ${rule.name}: ${String(error)}`,
        );
      }
    }
  }
  return { errors, warnings };
}

function capped(problems: DeployProblem[]): DeployProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { elementId: DOCUMENT_PROBLEM_ID, message: `… and ${rest} more` },
  ];
}

/** The process and everything inside it that rules look at: flow elements, nested scopes included. */
function elementsOf(scope: ModdleElement, found: ModdleElement[] = []): ModdleElement[] {
  found.push(scope);
  if (isScope(scope)) for (const element of scope.flowElements ?? []) elementsOf(element, found);
  return found;
}
