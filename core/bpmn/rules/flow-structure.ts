import { conditionOf } from '../extensions';
import { is, type FlowElementsContainer, type FlowNode } from '../moddle-types';
import { buildScopeGraph, isScope, type ScopeGraph } from '../scope-graph';
import type { DeployRule, Reporter } from './rule';

const CONDITIONAL_SOURCES = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

/**
 * Sequence flows connect nodes of one scope; starts have no incoming flow, ends and boundary events
 * no stray ones; only gateways branch (an activity with two outgoing flows would fork implicitly, and
 * a condition on it would be a hidden gateway).
 */
export const flowStructure: DeployRule = {
  name: 'flow-structure',
  severity: 'error',
  description: 'Sequence flows stay in their scope; only gateways split or carry conditions.',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      checkFlows(node, graph, reporter);
      for (const flowNode of graph.nodes) checkNode(flowNode, graph, reporter);
    },
  }),
};

function checkFlows(scope: FlowElementsContainer, graph: ScopeGraph, reporter: Reporter): void {
  for (const flow of graph.flows) {
    const id = flow.id ?? '';
    const { sourceRef: source, targetRef: target } = flow;
    if (!source) reporter.report(id, 'sequence flow has no source element');
    if (!target) reporter.report(id, 'sequence flow has no target element');
    if ((source && source.$parent !== scope) || (target && target.$parent !== scope)) {
      reporter.report(id, 'sequence flow crosses a sub-process border: connect to the sub-process itself');
    }
    const condition = conditionOf(flow);
    if (condition === undefined || !source) continue;
    if (!CONDITIONAL_SOURCES.has(source.$type)) {
      reporter.report(id, 'conditions are only supported on flows leaving an exclusive or inclusive gateway');
    } else if (condition === '') {
      reporter.report(id, 'condition is empty: write a FEEL expression or remove it');
    }
  }
}

function checkNode(node: FlowNode, graph: ScopeGraph, reporter: Reporter): void {
  const id = node.id ?? '';
  const incoming = graph.incoming(node).length;
  const outgoing = graph.outgoing(node).length;
  if (node.$type === 'bpmn:StartEvent' && incoming > 0) {
    reporter.report(id, 'a start event cannot have incoming sequence flows');
  }
  if (is(node, 'bpmn:BoundaryEvent') && incoming > 0) {
    reporter.report(id, 'a boundary event cannot have incoming sequence flows');
  }
  if (node.$type === 'bpmn:EndEvent' && outgoing > 0) {
    reporter.report(id, 'an end event cannot have outgoing sequence flows');
  }
  if (!is(node, 'bpmn:Gateway') && outgoing > 1) {
    reporter.report(id, `${outgoing} sequence flows leave this element: split with a gateway instead`);
  }
  if (is(node, 'bpmn:Activity') && node.default) {
    reporter.report(id, 'default flows are only supported on exclusive and inclusive gateways');
  }
}
