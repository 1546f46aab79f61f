/**
 * Boundary events of user tasks, service tasks and sub-processes. Timers are armed as waits of the
 * activity's token when it is entered and cancelled when it is left; errors are matched when an activity
 * fails, walking out through enclosing sub-processes as BPMN error propagation does.
 */
import {
  boundariesOf,
  elementOf,
  findToken,
  newId,
  openWait,
  removeWait,
  ROOT_SCOPE,
  setVariable,
  waitsOfToken,
  type RunContext,
} from './context';
import { EngineDefinitionError } from './errors';
import { killToken } from './scopes';
import { armTimer, rearmCycle, type ArmedTimer } from './timers';
import type { CompiledElement, Token, Wait } from './types';

/** A boundary timer resolved but not yet armed (so a FEEL failure leaves nothing half-done). */
export interface PlannedTimer {
  boundary: CompiledElement;
  timer: ArmedTimer;
}

/**
 * Resolves the timers of the element's boundary events that are not armed for this token yet (a retried
 * incident keeps the ones it has).
 * @throws FeelEvaluationError | TimerExpressionError
 */
export function planBoundaryTimers(ctx: RunContext, element: CompiledElement, token: Token): PlannedTimer[] {
  const armed = new Set(waitsOfToken(ctx.state, token.id).map((wait) => wait.elementId));
  return boundariesOf(ctx.model, element)
    .filter((boundary) => boundary.kind === 'boundaryTimer' && !armed.has(boundary.id))
    .map((boundary) => {
      if (!boundary.timer) {
        throw new EngineDefinitionError(
          `Boundary timer "${boundary.id}" has no timer definition`,
          boundary.id,
        );
      }
      return { boundary, timer: armTimer(boundary.timer, ctx.state.variables, ctx.now) };
    });
}

export function armBoundaryTimers(ctx: RunContext, token: Token, planned: readonly PlannedTimer[]): void {
  for (const { boundary, timer } of planned) startTimer(ctx, token, boundary, timer);
}

/**
 * A boundary timer fired. Interrupting (the default): the activity and everything in it is cancelled and
 * its token continues from the boundary. Non-interrupting: a new token leaves from the boundary while the
 * activity goes on, and a cycle re-arms until its repetitions run out.
 */
export function fireBoundaryTimer(ctx: RunContext, wait: Wait, boundary: CompiledElement): void {
  const token = findToken(ctx.state, wait.tokenId);
  if (!token) return;
  removeWait(ctx.state, wait.id);
  if (boundary.cancelActivity !== false) {
    killToken(ctx, token);
    ctx.queue.push({ tokenId: token.id, scope: token.scope, elementId: boundary.id, triggered: true });
    return;
  }
  const next = rearmCycle(wait, ctx.now);
  if (next) startTimer(ctx, token, boundary, next);
  ctx.queue.push({ tokenId: newId(ctx, 't'), scope: token.scope, elementId: boundary.id, triggered: true });
}

/**
 * An activity failed: finds the boundary error event that catches `errorCode` on the activity, else on
 * the sub-processes around it (an exact code wins over a catch-all). When found, the caught activity is
 * cancelled, `error: {code, message}` is set and its token continues from the boundary.
 * Returns false when nothing catches it (the caller raises an incident).
 */
export function catchError(
  ctx: RunContext,
  failedWait: Wait,
  errorCode: string | undefined,
  message: string,
): boolean {
  let token = findToken(ctx.state, failedWait.tokenId);
  while (token) {
    const boundary = matchingErrorBoundary(ctx, elementOf(ctx, token.elementId), errorCode);
    if (boundary) {
      setVariable(ctx, 'error', { code: errorCode ?? null, message });
      killToken(ctx, token, failedWait.id);
      ctx.queue.push({ tokenId: token.id, scope: token.scope, elementId: boundary.id, triggered: true });
      return true;
    }
    token = token.scope === ROOT_SCOPE ? undefined : findToken(ctx.state, token.scope);
  }
  return false;
}

function matchingErrorBoundary(
  ctx: RunContext,
  element: CompiledElement,
  errorCode: string | undefined,
): CompiledElement | undefined {
  const errors = boundariesOf(ctx.model, element).filter((b) => b.kind === 'boundaryError');
  return (
    errors.find((b) => b.errorCode !== undefined && b.errorCode === errorCode) ??
    errors.find((b) => b.errorCode === undefined)
  );
}

function startTimer(ctx: RunContext, token: Token, boundary: CompiledElement, timer: ArmedTimer): void {
  const wait = openWait(ctx, { kind: 'timer', elementId: boundary.id, tokenId: token.id, ...timer });
  // A clock timer whose clock stands still waits without a timer until the clock runs again.
  if (timer.fireAt !== undefined)
    ctx.commands.push({ type: 'startTimer', waitId: wait.id, elementId: boundary.id, fireAt: timer.fireAt });
}
