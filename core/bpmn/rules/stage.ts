import { is } from '../moddle-types';
import { STAGES, isStage } from '../stages';
import type { DeployRule } from './rule';

/** `redress:stage` names a stage the customer pages and templates know. */
export const stage: DeployRule = {
  name: 'stage',
  severity: 'error',
  description: 'redress:stage is one of the customer-visible stages.',
  create: () => ({
    check(node, reporter) {
      if (!is(node, 'bpmn:FlowNode') || node.stage === undefined) return;
      if (!isStage(node.stage.trim())) {
        reporter.report(node.id ?? '', `unknown redress:stage "${node.stage}" (one of ${STAGES.join(', ')})`);
      }
    },
  }),
};
