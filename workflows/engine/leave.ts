/** Moving a token out of an element along its outgoing flows. */
import {
  cancelWait,
  emitLeft,
  flowOf,
  newId,
  raiseIncident,
  removeToken,
  waitsOfToken,
  type RunContext,
} from './context';
import { chooseFlows } from './flows';
import type { CompiledElement } from './types';

/**
 * Leaves `element` along the flows its kind selects. When no flow can be taken the token rests there
 * with an incident (`retry: 'leave'` re-evaluates the conditions).
 */
export function leave(ctx: RunContext, tokenId: string, scope: string, element: CompiledElement): void {
  const choice = chooseFlows(ctx.model, element, ctx.state.variables);
  if (!choice.ok) {
    raiseIncident(ctx, { tokenId, scope, element, message: choice.message, retry: 'leave' });
    return;
  }
  takeFlows(ctx, tokenId, scope, element, choice.flows);
}

/**
 * Leaves `element` along the given flows: cancels what the token still waits for (boundary timers, the
 * losers of an event gateway), then queues one token per flow — the first keeps the id, the others are
 * new (an implicit or gateway fork). No flow at all consumes the token.
 */
export function takeFlows(
  ctx: RunContext,
  tokenId: string,
  scope: string,
  element: CompiledElement,
  flowIds: readonly string[],
  options: { triggered?: boolean } = {},
): void {
  for (const wait of waitsOfToken(ctx.state, tokenId)) cancelWait(ctx, wait);
  removeToken(ctx.state, tokenId);
  emitLeft(ctx, element, tokenId);
  flowIds.forEach((flowId, index) => {
    const flow = flowOf(ctx, flowId);
    ctx.queue.push({
      tokenId: index === 0 ? tokenId : newId(ctx, 't'),
      scope,
      elementId: flow.target,
      flowId,
      ...(options.triggered ? { triggered: true } : {}),
    });
  });
}
