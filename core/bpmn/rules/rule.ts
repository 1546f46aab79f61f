import type { ModdleElement } from '../moddle-types';

/** Where a rule reports; the same shape as bpmnlint's reporter. */
export interface Reporter {
  report(elementId: string, message: string): void;
}

/** Settings a deploy rule may read; bpmnlint passes its rule configuration here. */
export interface RuleConfig {
  /** Task types the worker can run; defaults to KNOWN_TASK_TYPES. */
  knownTaskTypes?: readonly string[];
}

/** What a rule factory returns: bpmnlint calls `check` once per model element. */
export interface RuleCheck {
  check(node: ModdleElement, reporter: Reporter): void;
}

/**
 * A named deploy check. `create` has the signature of a bpmnlint rule factory, so a bpmnlint plugin
 * can export it as is and the modeler shows the same problems the deploy refuses.
 */
export interface DeployRule {
  name: string;
  /** `error` refuses the deploy; `warn` is reported and the deploy goes on. */
  severity: 'error' | 'warn';
  description: string;
  create(config: RuleConfig): RuleCheck;
}
