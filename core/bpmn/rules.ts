import { boundaryEvents } from './rules/boundary-events';
import { canComplete } from './rules/can-complete';
import { feel } from './rules/feel';
import { flowStructure } from './rules/flow-structure';
import { gatewayConditions } from './rules/gateway-conditions';
import { gateways } from './rules/gateways';
import { loopWaits } from './rules/loop-waits';
import { messageEvents } from './rules/message-events';
import { reachable } from './rules/reachable';
import type { DeployRule } from './rules/rule';
import { singleStartEvent } from './rules/single-start-event';
import { stage } from './rules/stage';
import { supportedElements } from './rules/supported-elements';
import { taskDefinition } from './rules/task-definition';
import { timers } from './rules/timers';
import { userTask } from './rules/user-task';

export type { DeployRule, Reporter, RuleCheck, RuleConfig } from './rules/rule';

/**
 * Every check the deploy runs, as named rules with bpmnlint's factory signature: a bpmnlint plugin
 * (`bpmnlint-plugin-redress`) can export each `create` under its `name`, so the modeler warns about
 * exactly what the deploy would refuse. Scope-wide rules check on `bpmn:Process`/`bpmn:SubProcess`.
 */
export const DEPLOY_RULES: readonly DeployRule[] = [
  supportedElements,
  singleStartEvent,
  flowStructure,
  reachable,
  canComplete,
  loopWaits,
  gateways,
  gatewayConditions,
  taskDefinition,
  userTask,
  timers,
  messageEvents,
  boundaryEvents,
  stage,
  feel,
];

/** The rule called `name`, or undefined. */
export function deployRule(name: string): DeployRule | undefined {
  return DEPLOY_RULES.find((rule) => rule.name === name);
}
