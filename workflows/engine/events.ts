/**
 * What each event from the workflow does to the state. Every handler returns false when the event does
 * not apply — an unknown or stale wait id, or one of another kind — and then has changed nothing, so the
 * interpreter can return the state untouched: the workflow may deliver late events.
 */
import { catchError, fireBoundaryTimer } from './boundary';
import { changeClock } from './clocks';
import {
  elementOf,
  findToken,
  findWait,
  flowOf,
  label,
  mergeVariables,
  removeToken,
  removeWait,
  setVariable,
  type RunContext,
} from './context';
import { isJoin } from './gateways';
import { leave, takeFlows } from './leave';
import type { EngineEvent, EngineState, Wait } from './types';
import { beginWork } from './work';

type WaitEvent = Exclude<
  EngineEvent,
  { type: 'start' } | { type: 'messageReceived' } | { type: 'clockChanged' }
>;

const KIND_OF_EVENT: Record<WaitEvent['type'], Wait['kind']> = {
  userTaskCompleted: 'userTask',
  activityCompleted: 'activity',
  activityFailed: 'activity',
  timerFired: 'timer',
  retryIncident: 'incident',
};

/** The wait an event answers, if it is still open and of the kind the event answers. */
export function targetWait(state: EngineState, event: WaitEvent): Wait | undefined {
  const wait = findWait(state, event.waitId);
  return wait && wait.kind === KIND_OF_EVENT[event.type] && findToken(state, wait.tokenId) ? wait : undefined;
}

/** Applies one event (not `start`) to the context's state; false when it does not apply. */
export function applyEvent(ctx: RunContext, event: Exclude<EngineEvent, { type: 'start' }>): boolean {
  if (event.type === 'messageReceived') {
    receiveMessage(ctx, event.name, event.variables);
    return true;
  }
  if (event.type === 'clockChanged') return changeClock(ctx, event.clock, event.change);
  const wait = targetWait(ctx.state, event);
  if (!wait) return false;
  switch (event.type) {
    case 'userTaskCompleted':
      removeWait(ctx.state, wait.id);
      mergeVariables(ctx, event.variables);
      leaveResting(ctx, wait);
      return true;
    case 'activityCompleted':
      removeWait(ctx.state, wait.id);
      storeResult(ctx, wait, event.result);
      leaveResting(ctx, wait);
      return true;
    case 'activityFailed':
      failActivity(ctx, wait, event.errorCode, event.message);
      return true;
    case 'timerFired':
      fireTimer(ctx, wait);
      return true;
    case 'retryIncident':
      mergeVariables(ctx, event.variables);
      retryIncident(ctx, wait);
      return true;
  }
}

/** The first open catch for this name gets the message; with none, it is kept for the next one. */
function receiveMessage(ctx: RunContext, name: string, variables: Record<string, unknown>): void {
  const wait = ctx.state.waits.find((w) => w.kind === 'message' && w.messageName === name);
  if (!wait) {
    ctx.state.pendingMessages.push({ name, variables: variables ?? {} });
    return;
  }
  removeWait(ctx.state, wait.id);
  mergeVariables(ctx, variables);
  happen(ctx, wait);
}

function fireTimer(ctx: RunContext, wait: Wait): void {
  const element = elementOf(ctx, wait.elementId);
  if (element.kind === 'boundaryTimer') {
    fireBoundaryTimer(ctx, wait, element);
    return;
  }
  removeWait(ctx.state, wait.id);
  happen(ctx, wait);
}

/** A timer or message catch happened: leave it, or, inside an event-based gateway, win the race. */
function happen(ctx: RunContext, wait: Wait): void {
  if (wait.group === undefined) {
    leaveResting(ctx, wait);
    return;
  }
  const token = findToken(ctx.state, wait.tokenId);
  if (!token) return;
  const gateway = elementOf(ctx, token.elementId);
  const flowId = gateway.outgoing.find((id) => flowOf(ctx, id).target === wait.elementId);
  takeFlows(ctx, token.id, token.scope, gateway, flowId === undefined ? [] : [flowId], { triggered: true });
}

/** `resultVariable` gets the whole result; without it, an object result is merged at the top level. */
function storeResult(ctx: RunContext, wait: Wait, result: Record<string, unknown> | null | undefined): void {
  const resultVariable = elementOf(ctx, wait.elementId).serviceTask?.resultVariable;
  if (resultVariable !== undefined) setVariable(ctx, resultVariable, result ?? null);
  else if (result && typeof result === 'object' && !Array.isArray(result)) mergeVariables(ctx, result);
}

/** A boundary error catches the failure, or the wait turns into an incident that keeps boundary timers armed. */
function failActivity(ctx: RunContext, wait: Wait, errorCode: string | undefined, message: string): void {
  if (catchError(ctx, wait, errorCode, message)) return;
  const element = elementOf(ctx, wait.elementId);
  const text = `Service task ${label(element)} failed${
    errorCode === undefined ? '' : ` with ${errorCode}`
  }: ${message}`;
  Object.assign(wait, { kind: 'incident', retry: 'enter', message: text });
  ctx.commands.push({ type: 'incident', waitId: wait.id, elementId: wait.elementId, message: text });
}

/**
 * `enter` starts the element's work again (a new wait id); `leave` re-evaluates its outgoing flows. An
 * incident on a join that can never fire just clears, to be found again if still stuck.
 */
function retryIncident(ctx: RunContext, wait: Wait): void {
  removeWait(ctx.state, wait.id);
  const token = findToken(ctx.state, wait.tokenId);
  if (!token) return;
  const element = elementOf(ctx, token.elementId);
  if (wait.retry === 'leave') leave(ctx, token.id, token.scope, element);
  else if (isJoin(element)) removeToken(ctx.state, token.id);
  else beginWork(ctx, token, element);
}

function leaveResting(ctx: RunContext, wait: Wait): void {
  const token = findToken(ctx.state, wait.tokenId);
  if (token) leave(ctx, token.id, token.scope, elementOf(ctx, token.elementId));
}
