/**
 * Hand-built CompiledProcess fixtures and a small driver that feeds events to the interpreter, so tests
 * read as given (a process) / when (events) / then (state and commands).
 */
import { handleEvent, startInstance } from '../interpreter';
import type {
  CompiledElement,
  CompiledFlow,
  CompiledProcess,
  ElementKind,
  EngineCommand,
  EngineEvent,
  EngineState,
  Wait,
} from '../types';

export type ElementSpec = Partial<CompiledElement> & { id: string; kind: ElementKind };
export interface FlowSpec {
  id?: string;
  from: string;
  to: string;
  condition?: string;
  isDefault?: boolean;
}
type Extra = Partial<Omit<CompiledElement, 'id' | 'kind'>>;

/** 2026-01-01T09:00:00Z, the clock of every test unless it moves it. */
export const T0 = Date.UTC(2026, 0, 1, 9);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Builds a process; incoming/outgoing follow the order of `flows`, boundary lists follow `attachedTo`. */
export function buildProcess(elements: ElementSpec[], flows: FlowSpec[], id = 'test'): CompiledProcess {
  const compiledElements: Record<string, CompiledElement> = {};
  for (const spec of elements) compiledElements[spec.id] = { incoming: [], outgoing: [], ...spec };
  const compiledFlows: Record<string, CompiledFlow> = {};
  for (const spec of flows) {
    let flowId = spec.id ?? `${spec.from}->${spec.to}`;
    for (let n = 2; compiledFlows[flowId]; n++) flowId = `${spec.from}->${spec.to}#${n}`;
    const source = compiledElements[spec.from];
    const target = compiledElements[spec.to];
    if (!source || !target) throw new Error(`flow ${flowId}: unknown end`);
    compiledFlows[flowId] = {
      id: flowId,
      source: spec.from,
      target: spec.to,
      ...(spec.condition === undefined ? {} : { condition: spec.condition }),
    };
    source.outgoing.push(flowId);
    target.incoming.push(flowId);
    if (spec.isDefault) source.defaultFlow = flowId;
  }
  for (const element of Object.values(compiledElements)) {
    if (element.attachedTo === undefined) continue;
    const host = compiledElements[element.attachedTo];
    if (!host) throw new Error(`boundary ${element.id}: unknown host`);
    host.boundaryEvents = [...(host.boundaryEvents ?? []), element.id];
  }
  const startEvent = Object.values(compiledElements).find((e) => e.kind === 'startEvent' && !e.parentId);
  if (!startEvent) throw new Error('no top-level start event');
  return { id, startEventId: startEvent.id, elements: compiledElements, flows: compiledFlows };
}

export const start = (id: string, extra: Extra = {}): ElementSpec => ({ id, kind: 'startEvent', ...extra });
export const end = (id: string, extra: Extra = {}): ElementSpec => ({ id, kind: 'endEvent', ...extra });
export const terminateEnd = (id: string, extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'endEvent',
  terminate: true,
  ...extra,
});
export const userTask = (id: string, extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'userTask',
  userTask: { candidateGroups: ['staff'] },
  ...extra,
});
export const serviceTask = (id: string, type = 'sendEmail', extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'serviceTask',
  serviceTask: { type, params: {} },
  ...extra,
});
export const gateway = (
  id: string,
  kind: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway',
  extra: Extra = {},
): ElementSpec => ({ id, kind, ...extra });
export const timerCatch = (id: string, expression: string, extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'timerCatch',
  timer: {
    kind: expression.startsWith('R') ? 'cycle' : expression.startsWith('P') ? 'duration' : 'date',
    expression,
  },
  ...extra,
});
export const messageCatch = (id: string, messageName: string, extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'messageCatch',
  messageName,
  ...extra,
});
export const boundaryTimer = (
  id: string,
  attachedTo: string,
  expression: string,
  interrupting = true,
  extra: Extra = {},
): ElementSpec => ({
  id,
  kind: 'boundaryTimer',
  attachedTo,
  cancelActivity: interrupting,
  timer: { kind: expression.startsWith('R') ? 'cycle' : 'duration', expression },
  ...extra,
});
export const boundaryError = (
  id: string,
  attachedTo: string,
  errorCode?: string,
  extra: Extra = {},
): ElementSpec => ({
  id,
  kind: 'boundaryError',
  attachedTo,
  cancelActivity: true,
  ...(errorCode === undefined ? {} : { errorCode }),
  ...extra,
});
export const subProcess = (id: string, startEventId: string, extra: Extra = {}): ElementSpec => ({
  id,
  kind: 'subProcess',
  startEventId,
  ...extra,
});

export const flow = (from: string, to: string, extra: Omit<FlowSpec, 'from' | 'to'> = {}): FlowSpec => ({
  from,
  to,
  ...extra,
});
/** Unconditioned flows a → b → c … */
export const chain = (...ids: string[]): FlowSpec[] => ids.slice(1).map((id, i) => flow(ids[i] ?? '', id));

/** Drives one instance: remembers the state, the clock and every command emitted. */
export class Instance {
  state: EngineState;
  /** Commands of the last event. */
  commands: EngineCommand[];
  /** Commands of every event so far. */
  readonly log: EngineCommand[] = [];
  now: number;

  constructor(
    readonly model: CompiledProcess,
    variables: Record<string, unknown> = {},
    now = T0,
  ) {
    this.now = now;
    const result = startInstance(model, { type: 'start', now, variables });
    this.state = result.state;
    this.commands = result.commands;
    this.log.push(...result.commands);
  }

  send(event: EngineEvent): EngineCommand[] {
    const result = handleEvent(this.model, this.state, event);
    this.state = result.state;
    this.commands = result.commands;
    this.log.push(...result.commands);
    return result.commands;
  }

  /** The single open wait on an element (optionally of one kind). */
  waitAt(elementId: string, kind?: Wait['kind']): Wait {
    const waits = this.waitsAt(elementId, kind);
    if (waits.length !== 1) {
      throw new Error(
        `expected one ${kind ?? ''} wait at ${elementId}, found ${JSON.stringify(this.state.waits)}`,
      );
    }
    return waits[0] as Wait;
  }

  waitsAt(elementId: string, kind?: Wait['kind']): Wait[] {
    return this.state.waits.filter(
      (w) => w.elementId === elementId && (kind === undefined || w.kind === kind),
    );
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  completeTask(elementId: string, variables: Record<string, unknown> = {}): EngineCommand[] {
    return this.send({
      type: 'userTaskCompleted',
      now: this.now,
      waitId: this.waitAt(elementId, 'userTask').id,
      variables,
    });
  }

  completeActivity(elementId: string, result?: Record<string, unknown> | null): EngineCommand[] {
    const waitId = this.waitAt(elementId, 'activity').id;
    return this.send({
      type: 'activityCompleted',
      now: this.now,
      waitId,
      ...(result === undefined ? {} : { result }),
    });
  }

  failActivity(elementId: string, errorCode?: string, message = 'boom'): EngineCommand[] {
    const waitId = this.waitAt(elementId, 'activity').id;
    return this.send({
      type: 'activityFailed',
      now: this.now,
      waitId,
      message,
      ...(errorCode === undefined ? {} : { errorCode }),
    });
  }

  fireTimer(elementId: string): EngineCommand[] {
    const wait = this.waitAt(elementId, 'timer');
    this.now = Math.max(this.now, wait.fireAt ?? this.now);
    return this.send({ type: 'timerFired', now: this.now, waitId: wait.id });
  }

  message(name: string, variables: Record<string, unknown> = {}): EngineCommand[] {
    return this.send({ type: 'messageReceived', now: this.now, name, variables });
  }

  retry(elementId: string, variables?: Record<string, unknown>): EngineCommand[] {
    const waitId = this.waitAt(elementId, 'incident').id;
    return this.send({ type: 'retryIncident', now: this.now, waitId, ...(variables ? { variables } : {}) });
  }

  /** Element ids in the order they were entered, over the whole run. */
  entered(): string[] {
    return this.log.flatMap((c) => (c.type === 'elementEntered' ? [c.elementId] : []));
  }

  /** Commands of one type from the last event. */
  last<T extends EngineCommand['type']>(type: T): Extract<EngineCommand, { type: T }>[] {
    return this.commands.filter((c): c is Extract<EngineCommand, { type: T }> => c.type === type);
  }
}
