/**
 * Redress's bpmnlint rules: every deploy check of core/bpmn wrapped as a bpmnlint rule, so the modeler
 * shows exactly the problems the deploy would refuse — one source of truth, no second implementation.
 *
 * Two things differ between bpmnlint and the deploy and are evened out here: bpmnlint visits every
 * element of every process in the file, while the deploy checks only the process it would deploy (and
 * nothing at all when it cannot pick one); and the deploy reports a rule that throws as a problem of
 * the element, where bpmnlint would log a "rule error".
 */
import type { ModdleElement } from '../../core/bpmn/moddle-types';
import { DEPLOY_RULES, type DeployRule, type Reporter, type RuleConfig } from '../../core/bpmn/rules';
import { isScope } from '../../core/bpmn/scope-graph';
import { selectProcess } from '../../core/bpmn/select-process';
import type { Definitions } from '../../core/bpmn/moddle-types';

/** What a bpmnlint rule factory returns. */
export interface LintRuleDefinition {
  check(node: ModdleElement, reporter: Reporter): void;
}

/** A bpmnlint rule factory; bpmnlint passes the rule's configuration (from `['error', {...}]`). */
export type LintRuleFactory = (config?: RuleConfig) => LintRuleDefinition;

/** A bpmnlint configuration: `extends` and rule severities. */
export interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, 'off' | 'warn' | 'error' | ['off' | 'warn' | 'error', RuleConfig?]>;
}

/** Name of the document-level rule: the deploy must be able to pick one process from the file. */
export const PROCESS_SELECTION_RULE = 'deployable-process';

/** The bpmn:Definitions an element belongs to, or undefined for a detached element. */
function definitionsOf(node: ModdleElement): Definitions | undefined {
  let current: ModdleElement | undefined = node;
  while (current && !current.$instanceOf('bpmn:Definitions')) current = current.$parent;
  return current as Definitions | undefined;
}

/**
 * Whether the deploy would run its rules on `node`: the process it would deploy, or an element held
 * (through `flowElements`, sub-process by sub-process) by that process. Computed afresh on every call:
 * in the modeler the model changes between two lint runs.
 */
export function isCheckedByDeploy(node: ModdleElement): boolean {
  const definitions = definitionsOf(node);
  if (!definitions) return false;
  const selection = selectProcess(definitions);
  if (!('process' in selection)) return false;
  let current: ModdleElement = node;
  while (current !== selection.process) {
    const parent: ModdleElement | undefined = current.$parent;
    if (!parent || !isScope(parent)) return false;
    if (!(parent.flowElements ?? []).includes(current)) return false;
    current = parent;
  }
  return true;
}

/** A deploy rule as a bpmnlint rule factory, limited to what the deploy checks. */
export function lintRuleOf(rule: DeployRule): LintRuleFactory {
  return (config) => {
    const inner = rule.create({
      ...(config?.knownTaskTypes ? { knownTaskTypes: config.knownTaskTypes } : {}),
    });
    return {
      check(node, reporter) {
        if (!isCheckedByDeploy(node)) return;
        try {
          inner.check(node, reporter);
        } catch (error) {
          // The same words the deploy uses, so a crashing rule is still one problem on one element.
          reporter.report(node.id ?? '', `could not check rule ${rule.name}: ${String(error)}`);
        }
      },
    };
  };
}

/** The deploy's refusal to pick a process (none, or several executable ones), reported on the file. */
export const deployableProcess: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!node.$instanceOf('bpmn:Definitions')) return;
    const selection = selectProcess(node as Definitions);
    if ('problem' in selection) reporter.report(selection.problem.elementId, selection.problem.message);
  },
});

/** Every rule of the plugin by its short name (`task-definition`, `deployable-process`…). */
export const REDRESS_LINT_RULES: Readonly<Record<string, LintRuleFactory>> = Object.fromEntries([
  [PROCESS_SELECTION_RULE, deployableProcess],
  ...DEPLOY_RULES.map((rule) => [rule.name, lintRuleOf(rule)] as const),
]);

/**
 * `plugin:redress/recommended`: each rule at the severity the deploy gives it, so a lint error is
 * exactly a reason the deploy refuses the model and a lint warning one it reports and accepts.
 */
export const REDRESS_RECOMMENDED: LintConfig = {
  rules: Object.fromEntries([
    [`redress/${PROCESS_SELECTION_RULE}`, 'error'],
    ...DEPLOY_RULES.map((rule) => [`redress/${rule.name}`, rule.severity] as const),
  ]),
};
