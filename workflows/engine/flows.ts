/**
 * Which outgoing sequence flows a token takes when it leaves an element, by the element's kind:
 * exclusive — the first true one in `outgoing` order, else the default; inclusive (and any activity or
 * event with conditional flows) — every true one, else the default; parallel — all of them.
 * A flow without a condition counts as true; a default flow is only taken when nothing else is.
 */
import { FeelEvaluationError } from './errors';
import { evaluateCondition, type FeelVariables } from './feel';
import type { CompiledElement, CompiledProcess } from './types';
import { label } from './context';

/** The flows to take, or why none can be taken (the caller raises an incident). */
export type FlowChoice = { ok: true; flows: string[] } | { ok: false; message: string };

export function chooseFlows(
  model: CompiledProcess,
  element: CompiledElement,
  variables: FeelVariables,
): FlowChoice {
  if (element.kind === 'parallelGateway' || element.outgoing.length === 0) {
    // no outgoing flow at all is an implicit end: the token is consumed
    return { ok: true, flows: [...element.outgoing] };
  }
  try {
    const candidates = element.outgoing.filter((id) => id !== element.defaultFlow);
    const firstOnly = element.kind === 'exclusiveGateway';
    const taken: string[] = [];
    for (const id of candidates) {
      const condition = model.flows[id]?.condition;
      if (condition === undefined || condition.trim() === '' || evaluateCondition(condition, variables)) {
        taken.push(id);
        if (firstOnly) break;
      }
    }
    if (taken.length > 0) return { ok: true, flows: taken };
    if (element.defaultFlow !== undefined) return { ok: true, flows: [element.defaultFlow] };
    return {
      ok: false,
      message: `No outgoing flow of ${describeKind(element)} ${label(element)} matched and it has no default flow`,
    };
  } catch (error) {
    if (error instanceof FeelEvaluationError) {
      return {
        ok: false,
        message: `A condition after ${describeKind(element)} ${label(element)}: ${error.message}`,
      };
    }
    throw error;
  }
}

function describeKind(element: CompiledElement): string {
  switch (element.kind) {
    case 'exclusiveGateway':
      return 'exclusive gateway';
    case 'inclusiveGateway':
      return 'inclusive gateway';
    default:
      return element.kind;
  }
}
