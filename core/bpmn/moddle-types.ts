/**
 * The parts of the bpmn-moddle object model the compiler reads, as small structural interfaces.
 * The same objects reach bpmnlint rules, so nothing here may assume more than moddle guarantees:
 * every property is optional, references may be unresolved (undefined).
 */

/** Any element moddle created (BPMN, DI or an extension element). */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  /** Attributes moddle did not recognise (unknown namespaces or names). */
  $attrs?: Record<string, string>;
  /** True when the element is of `type` or a subtype of it (`bpmn:Activity` matches a user task). */
  $instanceOf(type: string): boolean;
  id?: string;
  name?: string;
}

/** `bpmn:definitions`, the document root. */
export interface Definitions extends ModdleElement {
  rootElements?: ModdleElement[];
}

/** A process or (embedded) sub-process: a scope that holds flow elements. */
export interface FlowElementsContainer extends ModdleElement {
  flowElements?: ModdleElement[];
}

/** `bpmn:process`. */
export interface Process extends FlowElementsContainer {
  isExecutable?: boolean;
}

/** A condition or timer expression; its text is `body`. */
export interface Expression extends ModdleElement {
  body?: string;
}

/** `bpmn:extensionElements`: the redress elements are among its `values`. */
export interface ExtensionElements extends ModdleElement {
  values?: ModdleElement[];
}

/** Any event, activity or gateway. */
export interface FlowNode extends ModdleElement {
  extensionElements?: ExtensionElements;
  /** `redress:stage`. */
  stage?: string;
}

/** `bpmn:sequenceFlow`; source and target are undefined when the XML refers to unknown ids. */
export interface SequenceFlow extends ModdleElement {
  sourceRef?: FlowNode;
  targetRef?: FlowNode;
  conditionExpression?: Expression;
}

/** Tasks and sub-processes. */
export interface Activity extends FlowNode {
  default?: SequenceFlow;
  loopCharacteristics?: ModdleElement;
  isForCompensation?: boolean;
}

/** bpmn:ServiceTask or bpmn:SendTask with the redress attributes. */
export interface ServiceTask extends Activity {
  taskType?: string;
  resultVariable?: string;
}

/** `bpmn:userTask` with the redress assignment attributes. */
export interface UserTask extends Activity {
  candidateGroups?: string;
  assignee?: string;
  dueIn?: string;
}

/** `bpmn:subProcess` (also the base of transactions and ad-hoc sub-processes). */
export interface SubProcess extends Activity, FlowElementsContainer {
  triggeredByEvent?: boolean;
}

/** Any gateway; `default` only on exclusive and inclusive ones. */
export interface Gateway extends FlowNode {
  default?: SequenceFlow;
  instantiate?: boolean;
}

/** Any event; `eventDefinitions` is empty for none events. */
export interface Event extends FlowNode {
  eventDefinitions?: ModdleElement[];
}

/** `bpmn:boundaryEvent`; moddle defaults `cancelActivity` to true. */
export interface BoundaryEvent extends Event {
  attachedToRef?: Activity;
  cancelActivity?: boolean;
}

/** One of duration, date or cycle is expected. */
export interface TimerEventDefinition extends ModdleElement {
  timeDuration?: Expression;
  timeDate?: Expression;
  timeCycle?: Expression;
}

/** The message's `name` is what the workflow matches. */
export interface MessageEventDefinition extends ModdleElement {
  messageRef?: ModdleElement;
}

/** Without `errorRef` (or its code) the boundary event catches every error. */
export interface ErrorEventDefinition extends ModdleElement {
  errorRef?: ModdleElement & { errorCode?: string };
}

/** `redress:params` extension element. */
export interface RedressParams extends ModdleElement {
  params?: RedressParam[];
}

/** `redress:param name="…" value="…"`. */
export interface RedressParam extends ModdleElement {
  value?: string;
}

/** `redress:form`, its body a form-js schema as JSON text. */
export interface RedressForm extends ModdleElement {
  body?: string;
}

interface TypeMap {
  'bpmn:Definitions': Definitions;
  'bpmn:Process': Process;
  'bpmn:SubProcess': SubProcess;
  'bpmn:FlowNode': FlowNode;
  'bpmn:SequenceFlow': SequenceFlow;
  'bpmn:Activity': Activity;
  'bpmn:ServiceTask': ServiceTask;
  'bpmn:SendTask': ServiceTask;
  'bpmn:UserTask': UserTask;
  'bpmn:Gateway': Gateway;
  'bpmn:Event': Event;
  'bpmn:BoundaryEvent': BoundaryEvent;
  'bpmn:TimerEventDefinition': TimerEventDefinition;
  'bpmn:MessageEventDefinition': MessageEventDefinition;
  'bpmn:ErrorEventDefinition': ErrorEventDefinition;
  'redress:Params': RedressParams;
  'redress:Form': RedressForm;
}

/** Type guard: `node` is of `type` or a subtype (moddle's own inheritance check). */
export function is<K extends keyof TypeMap>(node: ModdleElement | undefined, type: K): node is TypeMap[K] {
  return node !== undefined && node !== null && node.$instanceOf(type);
}
