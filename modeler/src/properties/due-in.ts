/**
 * The check behind the user task's "Due in (SLA)" field. Pure (no preact, no bpmn-js), so it is unit
 * tested; it asks the deploy's own rule, so the field accepts exactly what the deploy accepts: ISO 8601
 * durations, business days (`P15BD`), a clock's moment (`clock:finalResponse-P5BD`) or `=FEEL`.
 */
import { feelBody, isFeel } from '../../../core/bpmn/extensions';
import { checkFeel } from '../../../core/bpmn/feel-check';
import { dueInProblem } from '../../../core/bpmn/rules/user-task';

/** The field's error for `value`, or null when the deploy would take it (an empty field is no due date). */
export function validateDueIn(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  if (!text) return null;
  if (isFeel(text)) return checkFeel(feelBody(text))[0] ?? null;
  return dueInProblem(text) ?? null;
}
