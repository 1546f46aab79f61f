import { is, type Event, type ModdleElement } from '../moddle-types';
import { isEventSubProcess } from '../scope-graph';
import type { DeployRule } from './rule';

// Flow elements that are not flow nodes and carry no behaviour: accepted and ignored.
const IGNORED = new Set([
  'bpmn:SequenceFlow',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

// Flow nodes outside the engine's subset, with what to use instead.
const UNSUPPORTED: Record<string, string> = {
  'bpmn:Task':
    'a task without a type is not supported: make it a user task (someone does it) or a service task with redress:taskType (the system does it)',
  'bpmn:ManualTask': 'manual tasks are not supported: use a user task so someone confirms the work is done',
  'bpmn:ScriptTask': 'script tasks are not supported: use a service task with redress:taskType',
  'bpmn:BusinessRuleTask':
    'business rule tasks are not supported: use an exclusive gateway with FEEL conditions',
  'bpmn:ReceiveTask': 'receive tasks are not supported: use a message intermediate catch event',
  'bpmn:CallActivity': 'call activities are not supported: use an embedded sub-process',
  'bpmn:Transaction': 'transactions are not supported: use an embedded sub-process',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported: use an embedded sub-process',
  'bpmn:ComplexGateway': 'complex gateways are not supported: use exclusive, parallel or inclusive gateways',
  'bpmn:IntermediateThrowEvent':
    'intermediate throw events are not supported: use a service task (for example notify)',
};

const SUPPORTED_TASKS = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:SubProcess']);
const SUPPORTED_GATEWAYS = new Set([
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
]);

/** Every flow node must be of a kind the engine runs; anything else is named with an alternative. */
export const supportedElements: DeployRule = {
  name: 'supported-elements',
  severity: 'error',
  description: 'Only the BPMN subset the engine runs may appear in a process.',
  create: () => ({
    check(node, reporter) {
      if (!node.$instanceOf('bpmn:FlowElement')) return;
      const problem = unsupportedReason(node);
      if (problem) reporter.report(node.id ?? '', problem);
    },
  }),
};

function unsupportedReason(node: ModdleElement): string | undefined {
  const type = node.$type;
  if (IGNORED.has(type)) return undefined;
  if (UNSUPPORTED[type]) return UNSUPPORTED[type];
  if (is(node, 'bpmn:Activity')) {
    if (!SUPPORTED_TASKS.has(type)) return `${type} is not supported`;
    if (node.loopCharacteristics) return 'loops and multi-instance activities are not supported';
    if (node.isForCompensation) return 'compensation activities are not supported';
    if (isEventSubProcess(node)) {
      return 'event sub-processes are not supported: use boundary events on an embedded sub-process';
    }
    return undefined;
  }
  if (is(node, 'bpmn:Gateway')) {
    if (!SUPPORTED_GATEWAYS.has(type)) return `${type} is not supported`;
    if (node.instantiate) return 'an event-based gateway that starts the process is not supported';
    return undefined;
  }
  if (is(node, 'bpmn:Event')) return unsupportedEvent(node);
  return `${type} is not supported`;
}

function unsupportedEvent(node: Event): string | undefined {
  const definitions = node.eventDefinitions ?? [];
  if (definitions.length > 1) return 'events with several triggers are not supported';
  const trigger = definitions[0]?.$type.replace(/^bpmn:(\w+)EventDefinition$/, '$1').toLowerCase();
  switch (node.$type) {
    case 'bpmn:StartEvent':
      return trigger === undefined
        ? undefined
        : `${trigger} start events are not supported: a process starts when the complaint is received (use a none start event)`;
    case 'bpmn:EndEvent':
      return trigger === undefined || trigger === 'terminate'
        ? undefined
        : `${trigger} end events are not supported: use a none or terminate end event (after a service task to send something)`;
    case 'bpmn:IntermediateCatchEvent':
      return trigger === 'timer' || trigger === 'message'
        ? undefined
        : `${trigger ?? 'none'} intermediate catch events are not supported: use a timer or message catch event`;
    case 'bpmn:BoundaryEvent':
      return trigger === 'timer' || trigger === 'error'
        ? undefined
        : `${trigger ?? 'none'} boundary events are not supported: use a timer or error boundary event`;
    default:
      return `${node.$type} is not supported`;
  }
}
