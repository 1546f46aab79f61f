/**
 * The contract between the BPMN compiler (core/bpmn, runs at deploy time), the pure interpreter
 * (workflows/engine/interpreter.ts) and the Temporal workflow that drives it.
 *
 * Everything here is plain JSON: a compiled process is stored in PostgreSQL next to its XML and
 * loaded by an activity; the engine state is carried across continue-as-new. No functions, no Dates.
 */
import type { ClockEvent } from './calendar/types';

/** Kinds of element the engine can run; anything else is rejected at deploy time. */
export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'timerCatch'
  | 'messageCatch'
  | 'boundaryTimer'
  | 'boundaryError'
  | 'subProcess';

/**
 * A timer definition. `expression` is an ISO 8601 duration (`PT48H`), date-time (`2026-01-01T09:00:00Z`),
 * repeating cycle (`R3/PT24H`, only on non-interrupting boundary timers), business days on the
 * complaint's working calendar (`P15BD`), a deadline clock (`clock:finalResponse`, `clock:finalResponse-P5BD`),
 * or a FEEL expression when it starts with `=` that evaluates to one of those.
 */
export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  expression: string;
}

/** What a user task needs to become an inbox item. */
export interface UserTaskDefinition {
  candidateGroups: string[];
  /** A user name, or a FEEL expression starting with `=`. */
  assignee?: string;
  /** form-js schema (JSON) of the task's form, stored with the model. */
  form?: unknown;
  /** ISO 8601 duration (or `=FEEL`) from creation until the task is due. */
  dueIn?: string;
}

/** A service or send task: a registered activity type with its parameters. */
export interface ServiceTaskDefinition {
  /** Registered activity type, e.g. `sendEmail`, `sendSms`, `setStage`, `assign`, `classify`, `callWebhook`. */
  type: string;
  /** Parameter values; a value starting with `=` is a FEEL expression over the process variables. */
  params: Record<string, string>;
  /** Variable name under which the activity's result is merged; without it, a result object is merged at top level. */
  resultVariable?: string;
}

export interface CompiledElement {
  id: string;
  kind: ElementKind;
  name?: string;
  /** Id of the enclosing sub-process element, absent at the top level. */
  parentId?: string;
  incoming: string[];
  outgoing: string[];
  /** Customer-visible stage entered when a token reaches this element. */
  stage?: string;
  /** endEvent: terminate end event (ends its scope and everything in it). */
  terminate?: boolean;
  /** exclusive / inclusive gateway default flow id. */
  defaultFlow?: string;
  userTask?: UserTaskDefinition;
  serviceTask?: ServiceTaskDefinition;
  /** timerCatch and boundaryTimer. */
  timer?: TimerDefinition;
  /** messageCatch: the message name a signal must carry. */
  messageName?: string;
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** boundaryError: the error code caught; absent catches every error. */
  errorCode?: string;
  /** Boundary events attached to this element (filled by the compiler for quick lookup). */
  boundaryEvents?: string[];
  /** subProcess: its none start event. */
  startEventId?: string;
}

export interface CompiledFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  /** FEEL expression (without leading `=`) that must be true to take this flow. */
  condition?: string;
}

export interface CompiledProcess {
  /** BPMN process id, e.g. `complaint`. */
  id: string;
  name?: string;
  /** The top-level none start event. */
  startEventId: string;
  elements: Record<string, CompiledElement>;
  flows: Record<string, CompiledFlow>;
}

/** A token: one thread of control sitting on an element inside a scope instance. */
export interface Token {
  id: string;
  elementId: string;
  /** Scope instance: `root`, or the id of the token that entered the sub-process. */
  scope: string;
}

/** Something the engine is waiting for, with the command id the workflow uses to answer it. */
export interface Wait {
  /** Unique within an instance; the workflow echoes it back in events. */
  id: string;
  kind: 'userTask' | 'activity' | 'timer' | 'message' | 'subProcess' | 'incident';
  elementId: string;
  tokenId: string;
  /** timer: epoch millis at which it fires (absolute, so it survives continue-as-new). */
  fireAt?: number;
  /** timer: remaining repetitions of a cycle (boundary reminder). */
  remaining?: number;
  /** message: the name awaited. */
  messageName?: string;
  /** Waits of one event-based gateway share a group; the first to happen cancels the others. */
  group?: string;
  /**
   * Added by the interpreter. timer: the resolved ISO 8601 cycle (`R3/PT24H`) of a repeating timer, so
   * re-arming it never re-evaluates FEEL; with `remaining` absent the cycle is unbounded.
   */
  cycle?: string;
  /**
   * Added by the interpreter. incident: what `retryIncident` does — `enter` re-runs the element's work
   * (re-issues the activity, re-opens the task, re-arms the timer), `leave` re-evaluates its outgoing flows.
   */
  retry?: 'enter' | 'leave';
  /** Added by the interpreter. incident: why it was raised (the same text as the `incident` command). */
  message?: string;
  /**
   * Added by the interpreter. timer: the resolved clock expression (`clock:finalResponse-P5BD`) of a timer
   * that follows a deadline clock. When the clock changes the wait is replaced by one with the new
   * `fireAt`; without `fireAt` the clock is not running and the timer sleeps.
   */
  clock?: string;
}

export interface EngineState {
  tokens: Token[];
  waits: Wait[];
  variables: Record<string, unknown>;
  /** Parallel / inclusive joins: key `${scope}|${gatewayId}` → incoming flow ids that arrived. */
  joins: Record<string, string[]>;
  /** Messages that arrived when nothing waited for them, delivered to the next matching catch. */
  pendingMessages: { name: string; variables: Record<string, unknown> }[];
  stage?: string;
  nextId: number;
  completed: boolean;
}

/** Events fed to the interpreter. `now` is epoch millis from the workflow's deterministic clock. */
export type EngineEvent =
  | { type: 'start'; now: number; variables: Record<string, unknown> }
  | { type: 'userTaskCompleted'; now: number; waitId: string; variables: Record<string, unknown> }
  | { type: 'activityCompleted'; now: number; waitId: string; result?: Record<string, unknown> | null }
  | { type: 'activityFailed'; now: number; waitId: string; errorCode?: string; message: string }
  | { type: 'timerFired'; now: number; waitId: string }
  | { type: 'messageReceived'; now: number; name: string; variables: Record<string, unknown> }
  /**
   * Staff retry of an incident: re-issues the failed activity, or re-evaluates a gateway's conditions.
   * `variables` (optional, added with the interpreter) are merged first, so staff can correct the data a
   * gateway condition or FEEL expression choked on.
   */
  | { type: 'retryIncident'; now: number; waitId: string; variables?: Record<string, unknown> }
  /**
   * A deadline clock of the `clocks` variable paused, resumed, stopped, started or was extended (staff,
   * through the workflow's clock signal). Timers that follow the clock are re-armed.
   */
  | { type: 'clockChanged'; now: number; clock: string; change: ClockEvent };

/** What the workflow must carry out after an event. */
export type EngineCommand =
  | {
      type: 'startActivity';
      waitId: string;
      elementId: string;
      taskType: string;
      /** Parameters with FEEL already evaluated. */
      params: Record<string, unknown>;
    }
  | {
      type: 'openUserTask';
      waitId: string;
      elementId: string;
      name: string;
      candidateGroups: string[];
      assignee?: string;
      form?: unknown;
      /** Epoch millis, when the task has a dueIn. */
      dueAt?: number;
    }
  | { type: 'startTimer'; waitId: string; elementId: string; fireAt: number }
  /** Cancel a wait: a timer, an open user task, a running activity. */
  | { type: 'cancel'; waitId: string; kind: Wait['kind']; elementId: string }
  | { type: 'stageChanged'; from?: string; to: string }
  /** Trail for the complaint's history: every element entered and left. */
  | { type: 'elementEntered'; elementId: string; kind: ElementKind; tokenId: string }
  | { type: 'elementLeft'; elementId: string; kind: ElementKind; tokenId: string }
  /** A service task failed with no boundary error event to catch it: staff must see and retry it. */
  | { type: 'incident'; waitId: string; elementId: string; message: string }
  /** A clock event was applied (from `clockChanged`, or a clock the stage just started or stopped): record it. */
  | { type: 'clockChanged'; clock: string; change: ClockEvent }
  | { type: 'completed' };

export interface EngineResult {
  state: EngineState;
  commands: EngineCommand[];
}
