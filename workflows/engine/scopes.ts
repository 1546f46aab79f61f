/**
 * Scope instances: `root`, and one per running embedded sub-process (its id is the id of the token that
 * entered it, which rests on the sub-process element meanwhile). Cancelling a token cancels everything
 * nested in it; a scope left with nothing in it completes.
 */
import {
  cancelWait,
  elementOf,
  emitLeft,
  findToken,
  label,
  newId,
  raiseIncident,
  removeToken,
  removeWait,
  ROOT_SCOPE,
  waitsOfToken,
  type RunContext,
} from './context';
import { leave } from './leave';
import type { Token } from './types';

/**
 * Cancels a resting token: its waits (`cancel` commands, except `skipWaitId` which already ended), the
 * scope it runs if it is a sub-process, then records that it left its element.
 */
export function killToken(ctx: RunContext, token: Token, skipWaitId?: string): void {
  for (const wait of waitsOfToken(ctx.state, token.id)) {
    if (wait.id === skipWaitId) removeWait(ctx.state, wait.id);
    else cancelWait(ctx, wait);
  }
  const element = elementOf(ctx, token.elementId);
  if (element.kind === 'subProcess') killScope(ctx, token.id, skipWaitId);
  removeToken(ctx.state, token.id);
  emitLeft(ctx, element, token.id);
}

/** Cancels everything inside a scope instance, nested scopes included: tokens, waits, join arrivals, queued moves. */
export function killScope(ctx: RunContext, scope: string, skipWaitId?: string): void {
  for (const token of ctx.state.tokens.filter((t) => t.scope === scope)) killToken(ctx, token, skipWaitId);
  for (const key of joinKeysOf(ctx, scope)) delete ctx.state.joins[key];
  for (let i = ctx.queue.length - 1; i >= 0; i--) {
    if (ctx.queue[i]?.scope === scope) ctx.queue.splice(i, 1);
  }
}

/**
 * Called when no token is moving: completes one finished sub-process (leaving it along its flows) or the
 * root (the `completed` command). A scope holding nothing but join arrivals can never finish: it gets an
 * incident at the join instead of completing silently. Returns whether anything changed.
 */
export function settleScopes(ctx: RunContext): boolean {
  for (const wait of ctx.state.waits.filter((w) => w.kind === 'subProcess')) {
    const token = findToken(ctx.state, wait.tokenId);
    if (!token || ctx.state.tokens.some((t) => t.scope === token.id)) continue;
    if (raiseDeadlock(ctx, token.id)) return true;
    removeWait(ctx.state, wait.id);
    leave(ctx, token.id, token.scope, elementOf(ctx, token.elementId));
    return true;
  }
  if (ctx.state.completed || ctx.state.tokens.length > 0 || ctx.state.waits.length > 0) return false;
  if (raiseDeadlock(ctx, ROOT_SCOPE)) return true;
  ctx.state.completed = true;
  ctx.commands.push({ type: 'completed' });
  return true;
}

function raiseDeadlock(ctx: RunContext, scope: string): boolean {
  const key = joinKeysOf(ctx, scope)[0];
  if (key === undefined) return false;
  const gateway = elementOf(ctx, key.slice(scope.length + 1));
  const arrived = new Set(ctx.state.joins[key]);
  const missing = gateway.incoming.filter((flowId) => !arrived.has(flowId));
  raiseIncident(ctx, {
    tokenId: newId(ctx, 't'),
    scope,
    element: gateway,
    message: `Gateway ${label(gateway)} can never fire: nothing left can arrive on ${missing.join(', ')}`,
    retry: 'enter',
  });
  return true;
}

/** Key of a join's arrivals in `EngineState.joins`. */
export function joinKey(scope: string, gatewayId: string): string {
  return `${scope}|${gatewayId}`;
}

function joinKeysOf(ctx: RunContext, scope: string): string[] {
  return Object.keys(ctx.state.joins).filter((key) => key.startsWith(`${scope}|`));
}
