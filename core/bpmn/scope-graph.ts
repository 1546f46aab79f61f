import {
  is,
  type BoundaryEvent,
  type Event,
  type FlowElementsContainer,
  type FlowNode,
  type ModdleElement,
  type SequenceFlow,
} from './moddle-types';

/**
 * The flow graph of one scope (a process or an embedded sub-process), built from the sequence flows'
 * sourceRef/targetRef. The `incoming`/`outgoing` lists written in the XML are redundant and often
 * missing or stale in hand-edited files, so they are never read.
 */
export interface ScopeGraph {
  /** Flow nodes directly in the scope, in document order. */
  nodes: FlowNode[];
  /** Sequence flows directly in the scope, in document order. */
  flows: SequenceFlow[];
  incoming(node: FlowNode): SequenceFlow[];
  outgoing(node: FlowNode): SequenceFlow[];
  /** Boundary events (of this scope) attached to `node`. */
  boundaryEvents(node: FlowNode): BoundaryEvent[];
}

/**
 * Index a scope's flow graph. Built fresh on every call: bpmnlint may run rules on a model that has
 * changed since the last run, so nothing is cached on the moddle objects.
 */
export function buildScopeGraph(scope: FlowElementsContainer): ScopeGraph {
  const nodes: FlowNode[] = [];
  const flows: SequenceFlow[] = [];
  const incoming = new Map<FlowNode, SequenceFlow[]>();
  const outgoing = new Map<FlowNode, SequenceFlow[]>();
  const boundaries = new Map<FlowNode, BoundaryEvent[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void => {
    if (key === undefined) return;
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const element of scope.flowElements ?? []) {
    if (is(element, 'bpmn:SequenceFlow')) {
      flows.push(element);
      push(outgoing, element.sourceRef, element);
      push(incoming, element.targetRef, element);
    } else if (is(element, 'bpmn:FlowNode')) {
      nodes.push(element);
      if (is(element, 'bpmn:BoundaryEvent')) push(boundaries, element.attachedToRef, element);
    }
  }

  return {
    nodes,
    flows,
    incoming: (node) => incoming.get(node) ?? [],
    outgoing: (node) => outgoing.get(node) ?? [],
    boundaryEvents: (node) => boundaries.get(node) ?? [],
  };
}

/** True for the elements that open a scope of their own: a process or an embedded sub-process. */
export function isScope(node: { $instanceOf(type: string): boolean }): node is FlowElementsContainer {
  return node.$instanceOf('bpmn:Process') || node.$instanceOf('bpmn:SubProcess');
}

/** A none start event: the only kind the engine starts a scope with. */
export function isNoneStartEvent(node: FlowNode): node is Event {
  return node.$type === 'bpmn:StartEvent' && ((node as Event).eventDefinitions ?? []).length === 0;
}

/** An event sub-process: started by its trigger, not by sequence flows (and not supported). */
export function isEventSubProcess(node: ModdleElement): boolean {
  return is(node, 'bpmn:SubProcess') && node.triggeredByEvent === true;
}
