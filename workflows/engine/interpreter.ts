/**
 * The pure BPMN interpreter: (compiled process, state, event) → (new state, commands). No clock, no
 * randomness, no I/O — ids come from `state.nextId` and time from the event — so a Temporal workflow can
 * replay it. The state passed in is never mutated.
 *
 * One event runs to quiescence: queued tokens move until each rests in a wait state or is consumed; then
 * inclusive joins nobody can reach any more fire; then finished sub-processes and finally the root complete.
 */
import {
  createContext,
  emitEntered,
  emitLeft,
  findWait,
  newId,
  restToken,
  ROOT_SCOPE,
  elementOf,
  type Move,
  type RunContext,
} from './context';
import { EngineDefinitionError, EngineLoopError, EngineUsageError } from './errors';
import { settleClocks } from './clocks';
import { applyEvent, targetWait } from './events';
import { arriveAtJoin, fireReadyInclusiveJoin, isJoin } from './gateways';
import { leave } from './leave';
import { killScope, settleScopes } from './scopes';
import type { CompiledElement, CompiledProcess, EngineEvent, EngineResult, EngineState, Wait } from './types';
import { beginWork } from './work';

/** Element entries allowed in one event before the run is taken for an endless routing loop. */
export const MAX_STEPS_PER_EVENT = 10_000;

/** The event that starts an instance. */
export type StartEvent = Extract<EngineEvent, { type: 'start' }>;

/**
 * Starts an instance: a token on the top-level none start event, run until it waits.
 * @throws EngineDefinitionError for an inconsistent compiled process; EngineLoopError for an endless loop.
 */
export function startInstance(process: CompiledProcess, event: StartEvent): EngineResult {
  const state: EngineState = {
    tokens: [],
    waits: [],
    variables: {},
    joins: {},
    pendingMessages: [],
    nextId: 1,
    completed: false,
  };
  const ctx = createContext(process, { ...state, variables: event.variables ?? {} }, event.now);
  ctx.queue.push({ tokenId: newId(ctx, 't'), scope: ROOT_SCOPE, elementId: process.startEventId });
  run(ctx);
  return { state: ctx.state, commands: ctx.commands };
}

/**
 * Applies one event to an instance. An event that does not apply — a stale or unknown wait id, a wait
 * of another kind, anything after completion — returns the very same state and no commands.
 * @throws EngineUsageError for a `start` event; EngineDefinitionError / EngineLoopError as `startInstance`.
 */
export function handleEvent(process: CompiledProcess, state: EngineState, event: EngineEvent): EngineResult {
  if (event.type === 'start') throw new EngineUsageError('Use startInstance for a start event');
  if (state.completed) return { state, commands: [] };
  const ctx = createContext(process, state, event.now);
  if (!applyEvent(ctx, event)) return { state, commands: [] };
  run(ctx);
  return { state: ctx.state, commands: ctx.commands };
}

/**
 * Whether `handleEvent` would act on this event: use it to reject a stale user-task completion in an
 * Update validator before it reaches the workflow's history.
 */
export function acceptsEvent(state: EngineState, event: EngineEvent): boolean {
  if (state.completed || event.type === 'start') return false;
  if (event.type === 'messageReceived' || event.type === 'clockChanged') return true;
  return targetWait(state, event) !== undefined;
}

/** The open wait with this id, if any. */
export function findOpenWait(state: EngineState, waitId: string): Wait | undefined {
  return findWait(state, waitId);
}

function run(ctx: RunContext): void {
  for (;;) {
    const move = ctx.queue.shift();
    if (move) step(ctx, move);
    else if (!fireReadyInclusiveJoin(ctx) && !settleScopes(ctx)) break;
  }
  // Stages entered may start or stop clocks, and timers that follow a moved deadline are re-armed.
  settleClocks(ctx);
}

function step(ctx: RunContext, move: Move): void {
  ctx.steps += 1;
  if (ctx.steps > MAX_STEPS_PER_EVENT) throw new EngineLoopError(move.elementId, MAX_STEPS_PER_EVENT);
  const element = elementOf(ctx, move.elementId);
  emitEntered(ctx, element, move.tokenId);
  if (isJoin(element)) {
    arriveAtJoin(ctx, move, element);
    return;
  }
  switch (element.kind) {
    case 'startEvent':
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
      return leave(ctx, move.tokenId, move.scope, element);
    case 'endEvent':
      return end(ctx, move, element);
    case 'boundaryTimer':
    case 'boundaryError':
      if (!move.triggered) {
        throw new EngineDefinitionError(
          `A sequence flow leads into boundary event "${element.id}"`,
          element.id,
        );
      }
      return leave(ctx, move.tokenId, move.scope, element);
    case 'timerCatch':
    case 'messageCatch':
      if (move.triggered) return leave(ctx, move.tokenId, move.scope, element);
      return beginWork(ctx, restToken(ctx, move.tokenId, element.id, move.scope), element);
    case 'userTask':
    case 'serviceTask':
    case 'subProcess':
    case 'eventBasedGateway':
      return beginWork(ctx, restToken(ctx, move.tokenId, element.id, move.scope), element);
  }
}

/** A none end consumes the token; a terminate end also cancels everything else in its scope instance. */
function end(ctx: RunContext, move: Move, element: CompiledElement): void {
  emitLeft(ctx, element, move.tokenId);
  if (element.terminate) killScope(ctx, move.scope);
}
