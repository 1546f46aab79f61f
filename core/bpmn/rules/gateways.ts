import { conditionOf } from '../extensions';
import { is, type Gateway } from '../moddle-types';
import { buildScopeGraph, isScope, type ScopeGraph } from '../scope-graph';
import type { DeployRule, Reporter } from './rule';

/**
 * Gateways either split or join; a default flow leaves its own gateway and has no condition; an
 * event-based gateway waits only on timer or message catch events that nothing else leads to.
 */
export const gateways: DeployRule = {
  name: 'gateways',
  severity: 'error',
  description:
    'Gateways are well-formed: they split or join, default flows are unconditional, event-based gateways lead to catch events.',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      for (const gateway of graph.nodes) {
        if (!is(gateway, 'bpmn:Gateway')) continue;
        checkShape(gateway, graph, reporter);
        checkDefault(gateway, reporter);
        if (gateway.$type === 'bpmn:EventBasedGateway') checkEventBased(gateway, graph, reporter);
      }
    },
  }),
};

function checkShape(gateway: Gateway, graph: ScopeGraph, reporter: Reporter): void {
  if (graph.incoming(gateway).length === 1 && graph.outgoing(gateway).length === 1) {
    reporter.report(
      gateway.id ?? '',
      'gateway neither splits (several outgoing flows) nor joins (several incoming flows): remove it',
    );
  }
}

function checkDefault(gateway: Gateway, reporter: Reporter): void {
  const flow = gateway.default;
  if (!flow) return;
  const id = gateway.id ?? '';
  if (gateway.$type !== 'bpmn:ExclusiveGateway' && gateway.$type !== 'bpmn:InclusiveGateway') {
    reporter.report(id, 'only exclusive and inclusive gateways can have a default flow');
  } else if (flow.sourceRef !== gateway) {
    reporter.report(id, `default flow ${flow.id ?? ''} does not leave this gateway`);
  } else if (conditionOf(flow) !== undefined) {
    reporter.report(flow.id ?? id, 'a default flow must not have a condition');
  }
}

function checkEventBased(gateway: Gateway, graph: ScopeGraph, reporter: Reporter): void {
  const outgoing = graph.outgoing(gateway);
  if (outgoing.length < 2) {
    reporter.report(
      gateway.id ?? '',
      'an event-based gateway needs at least two outgoing flows (one per event awaited)',
    );
  }
  for (const flow of outgoing) {
    const target = flow.targetRef;
    if (!target) continue;
    const definitions = is(target, 'bpmn:Event') ? (target.eventDefinitions ?? []) : [];
    const waitable =
      target.$type === 'bpmn:IntermediateCatchEvent' &&
      definitions.length === 1 &&
      (is(definitions[0], 'bpmn:TimerEventDefinition') || is(definitions[0], 'bpmn:MessageEventDefinition'));
    if (!waitable) {
      reporter.report(
        target.id ?? '',
        'an event-based gateway can only lead to timer or message intermediate catch events',
      );
    } else if (graph.incoming(target).length > 1) {
      reporter.report(
        target.id ?? '',
        'an event after an event-based gateway cannot have other incoming flows',
      );
    }
  }
}
