/**
 * Converging parallel and inclusive gateways. Arriving tokens are consumed and their flow recorded in
 * `state.joins` (per scope instance); a second token on a flow that already arrived queues for the next
 * round. When the join fires, one new token leaves it (and forks if it has several outgoing flows).
 */
import { EngineDefinitionError } from './errors';
import { boundariesOf, elementOf, newId, type Move, type RunContext } from './context';
import { leave } from './leave';
import { joinKey } from './scopes';
import type { CompiledElement, CompiledProcess, EngineState } from './types';

/** Whether a gateway converges (several incoming flows) rather than just forking or passing through. */
export function isJoin(element: CompiledElement): boolean {
  return (
    (element.kind === 'parallelGateway' || element.kind === 'inclusiveGateway') && element.incoming.length > 1
  );
}

/**
 * Records a token arriving at a join and fires the join when a token arrived on every incoming flow.
 * An inclusive join missing some flows is decided later, by `fireReadyInclusiveJoin`, once nothing moves.
 */
export function arriveAtJoin(ctx: RunContext, move: Move, gateway: CompiledElement): void {
  if (move.flowId === undefined) {
    throw new EngineDefinitionError(`Token reached join "${gateway.id}" without a sequence flow`, gateway.id);
  }
  const key = joinKey(move.scope, gateway.id);
  const arrived = [...(ctx.state.joins[key] ?? []), move.flowId];
  ctx.state.joins[key] = arrived;
  if (gateway.incoming.every((flowId) => arrived.includes(flowId)))
    fire(ctx, move.scope, gateway, gateway.incoming);
}

/**
 * Fires the first inclusive join (in arrival order) that no token of its scope can still reach on a flow
 * that has not delivered yet. Only called when no token is moving, so every token is at rest and counted.
 */
export function fireReadyInclusiveJoin(ctx: RunContext): boolean {
  for (const [key, arrived] of Object.entries(ctx.state.joins)) {
    const separator = key.indexOf('|');
    const scope = key.slice(0, separator);
    const gateway = elementOf(ctx, key.slice(separator + 1));
    if (gateway.kind !== 'inclusiveGateway' || arrived.length === 0) continue;
    const missing = gateway.incoming.filter((flowId) => !arrived.includes(flowId));
    if (canStillArrive(ctx.model, ctx.state, scope, gateway.id, missing)) continue;
    fire(ctx, scope, gateway, [...new Set(arrived)]);
    return true;
  }
  return false;
}

/**
 * The upstream check of inclusive joins: can any token at rest in `scope` (or a partial join there, which
 * may still fire) reach one of `missingFlows` without passing through the join itself?
 */
export function canStillArrive(
  model: CompiledProcess,
  state: EngineState,
  scope: string,
  joinId: string,
  missingFlows: readonly string[],
): boolean {
  if (missingFlows.length === 0) return false;
  const sources = state.tokens.filter((token) => token.scope === scope).map((token) => token.elementId);
  for (const [key, arrived] of Object.entries(state.joins)) {
    const gatewayId = key.slice(scope.length + 1);
    if (key.startsWith(`${scope}|`) && gatewayId !== joinId && arrived.length > 0) sources.push(gatewayId);
  }
  const wanted = new Set(missingFlows);
  const seen = new Set<string>();
  const pending = sources.filter((id) => id !== joinId);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const element = model.elements[id];
    if (!element) continue;
    const flows = [...element.outgoing];
    for (const boundary of boundariesOf(model, element)) flows.push(...boundary.outgoing);
    for (const flowId of flows) {
      if (wanted.has(flowId)) return true;
      const target = model.flows[flowId]?.target;
      if (target !== undefined && target !== joinId) pending.push(target);
    }
  }
  return false;
}

/** Consumes one arrival per given flow, then a new token leaves the gateway. */
function fire(ctx: RunContext, scope: string, gateway: CompiledElement, flows: readonly string[]): void {
  const key = joinKey(scope, gateway.id);
  const remaining = [...(ctx.state.joins[key] ?? [])];
  for (const flowId of flows) remaining.splice(remaining.indexOf(flowId), 1);
  if (remaining.length > 0) ctx.state.joins[key] = remaining;
  else delete ctx.state.joins[key];
  leave(ctx, newId(ctx, 't'), scope, gateway);
}
