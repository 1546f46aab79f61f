import { is, type FlowNode } from '../moddle-types';
import { buildScopeGraph, isEventSubProcess, isScope } from '../scope-graph';
import type { DeployRule } from './rule';

/**
 * Every element of a scope can be reached from its start event: an element no token can reach is a
 * modelling mistake (a forgotten flow), and deploying it would hide that. Boundary events are reached
 * through the activity they are attached to.
 */
export const reachable: DeployRule = {
  name: 'reachable',
  severity: 'error',
  description: 'Every element can be reached from the start event of its process or sub-process.',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      // Any start event seeds the search, so a typed start (reported elsewhere) causes no cascade.
      const starts = graph.nodes.filter((flowNode) => flowNode.$type === 'bpmn:StartEvent');
      if (starts.length === 0) return;
      const seen = new Set<FlowNode>(starts);
      const queue = [...starts];
      for (let current = queue.pop(); current; current = queue.pop()) {
        const next = [
          ...graph.outgoing(current).map((flow) => flow.targetRef),
          ...graph.boundaryEvents(current),
        ];
        for (const target of next) {
          if (target && !seen.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
      for (const flowNode of graph.nodes) {
        // Boundary events are reached with their activity; event sub-processes by their trigger.
        if (seen.has(flowNode) || is(flowNode, 'bpmn:BoundaryEvent') || isEventSubProcess(flowNode)) continue;
        reporter.report(
          flowNode.id ?? '',
          graph.incoming(flowNode).length === 0
            ? 'no sequence flow leads to this element, so it is never reached'
            : 'this element cannot be reached from the start event',
        );
      }
    },
  }),
};
