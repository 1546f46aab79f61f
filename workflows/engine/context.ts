/**
 * The working context of one event: a private copy of the state that the interpreter mutates, the
 * commands emitted so far and the queue of tokens still moving. Small helpers over tokens, waits and ids.
 */
import { EngineDefinitionError } from './errors';
import type {
  CompiledElement,
  CompiledFlow,
  CompiledProcess,
  EngineCommand,
  EngineState,
  Token,
  Wait,
} from './types';

/** The scope instance of the top level. */
export const ROOT_SCOPE = 'root';

/** A token on its way into an element. */
export interface Move {
  tokenId: string;
  scope: string;
  elementId: string;
  /** The flow it arrived on (joins count arrivals per flow). */
  flowId?: string;
  /** The element's trigger already happened (a fired boundary event, the winner of an event gateway): pass through. */
  triggered?: boolean;
}

export interface RunContext {
  readonly model: CompiledProcess;
  /** A private copy: mutating it never touches the caller's state. */
  readonly state: EngineState;
  readonly commands: EngineCommand[];
  readonly now: number;
  /** FIFO, so the order of work (and of ids) is deterministic. */
  readonly queue: Move[];
  steps: number;
}

/** Creates the context of one event over a copy of `state`. */
export function createContext(model: CompiledProcess, state: EngineState, now: number): RunContext {
  return { model, state: cloneJson(state), commands: [], now, queue: [], steps: 0 };
}

/** Deep copy of plain JSON (engine state, event variables); drops `undefined`, as the workflow's payloads would. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Next id from the state's counter: `t5` tokens, `w12` waits, `g3` event-gateway groups, `c7` clock events. */
export function newId(ctx: RunContext, prefix: 't' | 'w' | 'g' | 'c'): string {
  const n = ctx.state.nextId;
  ctx.state.nextId = n + 1;
  return `${prefix}${n}`;
}

export function elementOf(ctx: RunContext, id: string): CompiledElement {
  const element = ctx.model.elements[id];
  if (!element) throw new EngineDefinitionError(`Unknown element "${id}"`, id);
  return element;
}

export function flowOf(ctx: RunContext, id: string): CompiledFlow {
  const flow = ctx.model.flows[id];
  if (!flow) throw new EngineDefinitionError(`Unknown sequence flow "${id}"`);
  return flow;
}

/** A human label for messages: `"Name" (id)` or just the id. */
export function label(element: CompiledElement): string {
  return element.name ? `"${element.name}" (${element.id})` : `"${element.id}"`;
}

export function findToken(state: EngineState, id: string): Token | undefined {
  return state.tokens.find((token) => token.id === id);
}

export function findWait(state: EngineState, id: string): Wait | undefined {
  return state.waits.find((wait) => wait.id === id);
}

export function waitsOfToken(state: EngineState, tokenId: string): Wait[] {
  return state.waits.filter((wait) => wait.tokenId === tokenId);
}

export function removeWait(state: EngineState, id: string): void {
  const index = state.waits.findIndex((wait) => wait.id === id);
  if (index >= 0) state.waits.splice(index, 1);
}

export function removeToken(state: EngineState, id: string): void {
  const index = state.tokens.findIndex((token) => token.id === id);
  if (index >= 0) state.tokens.splice(index, 1);
}

/** Puts a token to rest on an element (a wait state); moves it if it already rests elsewhere. */
export function restToken(ctx: RunContext, tokenId: string, elementId: string, scope: string): Token {
  const existing = findToken(ctx.state, tokenId);
  if (existing) {
    existing.elementId = elementId;
    return existing;
  }
  const token: Token = { id: tokenId, elementId, scope };
  ctx.state.tokens.push(token);
  return token;
}

/** Registers a new wait with a fresh id. */
export function openWait(ctx: RunContext, fields: Omit<Wait, 'id'>): Wait {
  const wait: Wait = { id: newId(ctx, 'w'), ...fields };
  ctx.state.waits.push(wait);
  return wait;
}

/**
 * Removes a wait and tells the workflow to cancel whatever carries it out. A sub-process wait is the
 * engine's own bookkeeping (its content is cancelled wait by wait), so it gets no command.
 */
export function cancelWait(ctx: RunContext, wait: Wait): void {
  removeWait(ctx.state, wait.id);
  if (wait.kind === 'subProcess') return;
  ctx.commands.push({ type: 'cancel', waitId: wait.id, kind: wait.kind, elementId: wait.elementId });
}

/** Trail entry for a token entering an element, plus the stage change it may bring. */
export function emitEntered(ctx: RunContext, element: CompiledElement, tokenId: string): void {
  ctx.commands.push({ type: 'elementEntered', elementId: element.id, kind: element.kind, tokenId });
  if (element.stage !== undefined && element.stage !== ctx.state.stage) {
    const from = ctx.state.stage;
    ctx.commands.push(
      from === undefined
        ? { type: 'stageChanged', to: element.stage }
        : { type: 'stageChanged', from, to: element.stage },
    );
    ctx.state.stage = element.stage;
  }
}

export function emitLeft(ctx: RunContext, element: CompiledElement, tokenId: string): void {
  ctx.commands.push({ type: 'elementLeft', elementId: element.id, kind: element.kind, tokenId });
}

/** Shallow-merges variables into the instance's (spread defines own properties, so `__proto__` stays data). */
export function mergeVariables(ctx: RunContext, variables: Record<string, unknown> | null | undefined): void {
  if (!variables) return;
  ctx.state.variables = { ...ctx.state.variables, ...cloneJson(variables) };
}

/** Sets one variable. */
export function setVariable(ctx: RunContext, name: string, value: unknown): void {
  ctx.state.variables = { ...ctx.state.variables, [name]: value === undefined ? null : cloneJson(value) };
}

/**
 * Raises an incident: the token rests on the element with an `incident` wait until staff retry it.
 * Waits the token already has (boundary timers) stay armed.
 */
export function raiseIncident(
  ctx: RunContext,
  at: { tokenId: string; scope: string; element: CompiledElement; message: string; retry: 'enter' | 'leave' },
): Wait {
  restToken(ctx, at.tokenId, at.element.id, at.scope);
  const wait = openWait(ctx, {
    kind: 'incident',
    elementId: at.element.id,
    tokenId: at.tokenId,
    retry: at.retry,
    message: at.message,
  });
  ctx.commands.push({ type: 'incident', waitId: wait.id, elementId: at.element.id, message: at.message });
  return wait;
}

/** Boundary events attached to an element (the compiler's lookup list, else found by `attachedTo`). */
export function boundariesOf(model: CompiledProcess, element: CompiledElement): CompiledElement[] {
  const ids =
    element.boundaryEvents ??
    Object.values(model.elements)
      .filter((candidate) => candidate.attachedTo === element.id)
      .map((candidate) => candidate.id);
  return ids.flatMap((id) => {
    const boundary = model.elements[id];
    return boundary ? [boundary] : [];
  });
}
