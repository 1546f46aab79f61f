import type { FlowNode } from '../moddle-types';
import { buildScopeGraph, isEventSubProcess, isScope } from '../scope-graph';
import type { DeployRule } from './rule';

/**
 * From every element a path leads to an end event of its scope. A dead end (an activity with no
 * outgoing flow) or a loop with no way out would leave a complaint open forever. Implicit ends are
 * refused on purpose: the engine ends a path only at an explicit end event.
 */
export const canComplete: DeployRule = {
  name: 'can-complete',
  severity: 'error',
  description: 'From every element a path leads to an end event (no dead ends, no endless loops).',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      const ends = graph.nodes.filter((flowNode) => flowNode.$type === 'bpmn:EndEvent');
      const done = new Set<FlowNode>(ends);
      const queue = [...ends];
      for (let current = queue.pop(); current; current = queue.pop()) {
        for (const flow of graph.incoming(current)) {
          const source = flow.sourceRef;
          if (source && !done.has(source)) {
            done.add(source);
            queue.push(source);
          }
        }
      }
      for (const flowNode of graph.nodes) {
        if (done.has(flowNode) || isEventSubProcess(flowNode)) continue;
        reporter.report(
          flowNode.id ?? '',
          graph.outgoing(flowNode).length === 0
            ? 'no sequence flow leaves this element: end the path with an end event'
            : 'no path from this element leads to an end event, so the process could never complete',
        );
      }
    },
  }),
};
