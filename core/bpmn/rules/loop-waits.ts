import type { FlowNode } from '../moddle-types';
import { buildScopeGraph, isScope, type ScopeGraph } from '../scope-graph';
import type { DeployRule } from './rule';

// Elements a token passes through without waiting. A loop made only of these would spin forever
// inside one workflow task (the interpreter stops it with EngineLoopError at run time).
const INSTANT = new Set(['bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway']);

/** Every loop holds something that waits: a task, a catch event, an event-based gateway or a sub-process. */
export const loopWaits: DeployRule = {
  name: 'loop-waits',
  severity: 'error',
  description: 'Every loop contains a task or an event to wait for (no loops of gateways alone).',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node)) return;
      const graph = buildScopeGraph(node);
      for (const looping of nodesOnInstantCycles(graph)) {
        reporter.report(
          looping.id ?? '',
          'this gateway is on a loop of gateways only: with nothing to wait for, the loop would never stop',
        );
      }
    },
  }),
};

/** Gateways on a cycle of gateways, found with an iterative Tarjan (models may be large; no recursion). */
function nodesOnInstantCycles(graph: ScopeGraph): FlowNode[] {
  const instant = graph.nodes.filter((node) => INSTANT.has(node.$type));
  const successors = (node: FlowNode): FlowNode[] =>
    graph
      .outgoing(node)
      .map((flow) => flow.targetRef)
      .filter((target): target is FlowNode => target !== undefined && INSTANT.has(target.$type));
  const index = new Map<FlowNode, number>();
  const low = new Map<FlowNode, number>();
  const stack: FlowNode[] = [];
  const onStack = new Set<FlowNode>();
  const found = new Set<FlowNode>();
  let counter = 0;

  for (const root of instant) {
    if (index.has(root)) continue;
    const work: { node: FlowNode; next: FlowNode[] }[] = [];
    const enter = (node: FlowNode): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node) });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const target = frame.next.pop();
      if (target !== undefined) {
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: FlowNode[] = [];
      let popped: FlowNode | undefined;
      do {
        popped = stack.pop()!;
        onStack.delete(popped);
        component.push(popped);
      } while (popped !== frame.node);
      const selfLoop = successors(frame.node).includes(frame.node);
      if (component.length > 1 || selfLoop) for (const member of component) found.add(member);
    }
  }
  return instant.filter((node) => found.has(node));
}
