import { is, type FlowNode, type RedressForm, type RedressParam, type SequenceFlow } from './moddle-types';

/** Values starting with `=` are FEEL expressions (the Camunda convention the modeler also follows). */
export function isFeel(value: string | undefined): boolean {
  return value !== undefined && value.trimStart().startsWith('=');
}

/** The FEEL text of an `=expression` value, without the `=`. */
export function feelBody(value: string): string {
  return value.trimStart().slice(1).trim();
}

/** All `redress:param` entries of a task, from every `redress:params` block, in document order. */
export function paramsOf(node: FlowNode): RedressParam[] {
  return (node.extensionElements?.values ?? []).flatMap((value) =>
    is(value, 'redress:Params') ? (value.params ?? []) : [],
  );
}

/** The `redress:form` extension elements of a user task (more than one is an error). */
export function formsOf(node: FlowNode): RedressForm[] {
  return (node.extensionElements?.values ?? []).filter((value) => is(value, 'redress:Form'));
}

/**
 * The FEEL text of a sequence flow's condition, without a leading `=`, or undefined when the flow has
 * no condition. Condition bodies are always FEEL: the `=` is optional there.
 */
export function conditionOf(flow: SequenceFlow): string | undefined {
  const body = flow.conditionExpression?.body;
  if (flow.conditionExpression === undefined) return undefined;
  const text = (body ?? '').trim();
  return text.startsWith('=') ? text.slice(1).trim() : text;
}

/** A short label for messages: the element's name when it has one, otherwise its id. */
export function labelOf(node: { id?: string; name?: string }): string {
  const name = node.name?.replace(/\s+/g, ' ').trim();
  return name ? `"${name}"` : (node.id ?? '(no id)');
}
