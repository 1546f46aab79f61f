import { findHostileInput, PROTOTYPE_KEYS } from '../../security/hostile-keys';
import { formsOf, isFeel } from '../extensions';
import { isBusinessDays, isClockTimer, isIsoDuration } from '../iso8601';
import { is, type RedressForm } from '../moddle-types';
import type { DeployRule, Reporter } from './rule';

/**
 * A user task lands in someone's inbox (candidate groups or an assignee), has a valid due duration,
 * and its form is a form-js schema: JSON with a `components` list.
 */
export const userTask: DeployRule = {
  name: 'user-task',
  severity: 'error',
  description: 'User tasks have candidate groups or an assignee, a valid redress:dueIn and a valid form.',
  create: () => ({
    check(node, reporter) {
      if (!is(node, 'bpmn:UserTask')) return;
      const id = node.id ?? '';
      const groups = node.candidateGroups?.trim() ?? '';
      const assignee = node.assignee?.trim() ?? '';
      const hasGroups = isFeel(groups) || groups.split(',').some((group) => group.trim() !== '');
      if (!hasGroups && !assignee) {
        reporter.report(id, 'set redress:candidateGroups or redress:assignee so the task reaches someone');
      }
      const dueIn = node.dueIn?.trim();
      const dueInError = dueIn === undefined || isFeel(dueIn) ? undefined : dueInProblem(dueIn);
      if (dueInError) reporter.report(id, dueInError);
      const forms = formsOf(node);
      if (forms.length > 1) reporter.report(id, 'a user task can have only one redress:form');
      for (const form of forms) checkForm(id, form, reporter);
    },
  }),
};

/**
 * Why a literal `redress:dueIn` (not `=FEEL`) cannot be scheduled, or undefined when it can: an ISO 8601
 * duration, business days (`P15BD`) or a clock's moment (`clock:finalResponse-P5BD`). Exported so the
 * modeler's due-date field refuses exactly what the deploy refuses, in the same words.
 */
export function dueInProblem(dueIn: string): string | undefined {
  const value = dueIn.trim();
  if (isIsoDuration(value) || isBusinessDays(value) || isClockTimer(value)) return undefined;
  return `redress:dueIn "${value}" is not an ISO 8601 duration (like P3D or PT8H), business days (P2BD) or a clock (clock:finalResponse-P2BD)`;
}

function checkForm(id: string, form: RedressForm, reporter: Reporter): void {
  let schema: unknown;
  try {
    schema = JSON.parse(form.body ?? '');
  } catch (error) {
    reporter.report(id, `redress:form is not valid JSON: ${(error as Error).message}`);
    return;
  }
  // The form is parsed again by the task page and the engine's form validation, and a field's key
  // becomes a variable name: no prototype keys, neither as JSON keys nor as field keys.
  const hostile = findHostileInput(schema) ?? prototypeFieldKey(schema);
  if (hostile) {
    reporter.report(id, `redress:form: ${hostile.field} — ${hostile.message}`);
    return;
  }
  const components = (schema as { components?: unknown } | null)?.components;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || !Array.isArray(components)) {
    reporter.report(id, 'redress:form must be a form-js schema: a JSON object with a "components" list');
  }
}

/** A form field whose `key` (the variable it fills) is `__proto__`, `constructor` or `prototype`. */
function prototypeFieldKey(schema: unknown): { field: string; message: string } | undefined {
  const stack: unknown[] = [schema];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null) continue;
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'string' && (PROTOTYPE_KEYS as readonly string[]).includes(key))
      return { field: `field "${key}"`, message: 'is not a usable field key (prototype pollution)' };
    stack.push(...Object.values(item));
  }
  return undefined;
}
