import type {
  CompiledElement,
  CompiledFlow,
  CompiledProcess,
  ElementKind,
  TimerDefinition,
} from '../../workflows/engine/types';
import { conditionOf, formsOf, isFeel, paramsOf } from './extensions';
import {
  is,
  type BoundaryEvent,
  type Event,
  type FlowElementsContainer,
  type FlowNode,
  type Process,
  type TimerEventDefinition,
} from './moddle-types';
import { buildScopeGraph, isNoneStartEvent } from './scope-graph';

const DIRECT_KINDS: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'serviceTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
};

/**
 * Turn a process that passed every deploy rule into the engine's plain-JSON graph. It trusts the rules:
 * run on an unchecked model it may produce a graph the interpreter cannot run.
 */
export function buildProcess(process: Process): CompiledProcess {
  const elements: Record<string, CompiledElement> = {};
  const flows: Record<string, CompiledFlow> = {};
  addScope(process, undefined, elements, flows);
  const start = buildScopeGraph(process).nodes.find(isNoneStartEvent);
  return {
    id: process.id ?? '',
    ...(process.name ? { name: process.name } : {}),
    startEventId: start?.id ?? '',
    elements,
    flows,
  };
}

function addScope(
  scope: FlowElementsContainer,
  parentId: string | undefined,
  elements: Record<string, CompiledElement>,
  flows: Record<string, CompiledFlow>,
): void {
  const graph = buildScopeGraph(scope);
  for (const flow of graph.flows) {
    const condition = conditionOf(flow);
    flows[flow.id ?? ''] = {
      id: flow.id ?? '',
      ...(flow.name ? { name: flow.name } : {}),
      source: flow.sourceRef?.id ?? '',
      target: flow.targetRef?.id ?? '',
      ...(condition ? { condition } : {}),
    };
  }
  for (const node of graph.nodes) {
    const element: CompiledElement = {
      id: node.id ?? '',
      kind: kindOf(node),
      ...(node.name ? { name: node.name } : {}),
      ...(parentId ? { parentId } : {}),
      incoming: graph.incoming(node).map((flow) => flow.id ?? ''),
      outgoing: graph.outgoing(node).map((flow) => flow.id ?? ''),
      ...(node.stage?.trim() ? { stage: node.stage.trim() } : {}),
    };
    describe(node, element);
    const boundaries = graph.boundaryEvents(node);
    if (boundaries.length > 0) element.boundaryEvents = boundaries.map((event) => event.id ?? '');
    elements[element.id] = element;
    if (is(node, 'bpmn:SubProcess')) addScope(node, element.id, elements, flows);
  }
}

function kindOf(node: FlowNode): ElementKind {
  const direct = DIRECT_KINDS[node.$type];
  if (direct) return direct;
  const definition = is(node, 'bpmn:Event') ? node.eventDefinitions?.[0] : undefined;
  if (node.$type === 'bpmn:IntermediateCatchEvent') {
    return is(definition, 'bpmn:TimerEventDefinition') ? 'timerCatch' : 'messageCatch';
  }
  return is(definition, 'bpmn:TimerEventDefinition') ? 'boundaryTimer' : 'boundaryError';
}

/** Fill in the kind-specific part of `element`. */
function describe(node: FlowNode, element: CompiledElement): void {
  if (node.$type === 'bpmn:EndEvent' && is(node, 'bpmn:Event')) {
    element.terminate = (node.eventDefinitions ?? []).some((definition) =>
      definition.$instanceOf('bpmn:TerminateEventDefinition'),
    );
  }
  if (is(node, 'bpmn:Gateway') && node.default?.id) element.defaultFlow = node.default.id;
  if (is(node, 'bpmn:UserTask')) {
    const groups = node.candidateGroups?.trim() ?? '';
    const form = formsOf(node)[0]?.body;
    element.userTask = {
      // A FEEL value stays one `=…` entry: the interpreter evaluates it to a list or a comma list.
      candidateGroups: isFeel(groups)
        ? [groups]
        : groups
            .split(',')
            .map((group) => group.trim())
            .filter(Boolean),
      ...(node.assignee?.trim() ? { assignee: node.assignee.trim() } : {}),
      ...(node.dueIn?.trim() ? { dueIn: node.dueIn.trim() } : {}),
      ...(form !== undefined ? { form: JSON.parse(form) as unknown } : {}),
    };
  }
  if (is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask')) {
    element.serviceTask = {
      type: node.taskType?.trim() ?? '',
      params: Object.fromEntries(
        paramsOf(node).map((param) => [param.name?.trim() ?? '', param.value ?? '']),
      ),
      ...(node.resultVariable ? { resultVariable: node.resultVariable } : {}),
    };
  }
  if (is(node, 'bpmn:SubProcess')) {
    const start = buildScopeGraph(node).nodes.find(isNoneStartEvent);
    if (start?.id) element.startEventId = start.id;
  }
  if (is(node, 'bpmn:Event')) describeEvent(node, element);
}

function describeEvent(node: Event, element: CompiledElement): void {
  for (const definition of node.eventDefinitions ?? []) {
    if (is(definition, 'bpmn:TimerEventDefinition')) element.timer = timerOf(definition);
    if (is(definition, 'bpmn:MessageEventDefinition') && definition.messageRef?.name) {
      element.messageName = definition.messageRef.name.trim();
    }
    const errorCode = is(definition, 'bpmn:ErrorEventDefinition')
      ? definition.errorRef?.errorCode?.trim()
      : undefined;
    if (errorCode) element.errorCode = errorCode;
  }
  if (is(node, 'bpmn:BoundaryEvent')) describeBoundary(node, element);
}

function describeBoundary(node: BoundaryEvent, element: CompiledElement): void {
  element.attachedTo = node.attachedToRef?.id ?? '';
  // moddle defaults cancelActivity to true, as BPMN does.
  element.cancelActivity = node.cancelActivity !== false;
}

function timerOf(definition: TimerEventDefinition): TimerDefinition {
  if (definition.timeCycle) return { kind: 'cycle', expression: definition.timeCycle.body?.trim() ?? '' };
  if (definition.timeDate) return { kind: 'date', expression: definition.timeDate.body?.trim() ?? '' };
  return { kind: 'duration', expression: definition.timeDuration?.body?.trim() ?? '' };
}
