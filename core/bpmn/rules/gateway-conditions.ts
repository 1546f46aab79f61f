import { conditionOf } from '../extensions';
import { is } from '../moddle-types';
import { buildScopeGraph, isScope } from '../scope-graph';
import type { DeployRule } from './rule';

const CONDITIONAL = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

/**
 * A warning, not an error: a diverging gateway's flow without condition that is not the default
 * is always taken, which is rarely what the modeller meant.
 */
export const gatewayConditions: DeployRule = {
  name: 'gateway-conditions',
  severity: 'warn',
  description:
    'Flows leaving a diverging exclusive or inclusive gateway have a condition or are the default.',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      for (const gateway of graph.nodes) {
        if (!CONDITIONAL.has(gateway.$type)) continue;
        const outgoing = graph.outgoing(gateway);
        if (outgoing.length < 2) continue;
        const defaultFlow = is(gateway, 'bpmn:Gateway') ? gateway.default : undefined;
        const bare = outgoing.filter((flow) => flow !== defaultFlow && conditionOf(flow) === undefined);
        if (bare.length === 0) continue;
        const ids = bare.map((flow) => flow.id ?? '').join(', ');
        reporter.report(
          gateway.id ?? '',
          defaultFlow
            ? `flow(s) ${ids} have no condition and are not the default flow: they are always taken`
            : `diverging gateway has no default flow and flow(s) ${ids} have no condition`,
        );
      }
    },
  }),
};
