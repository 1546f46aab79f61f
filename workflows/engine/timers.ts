/**
 * Timer definitions of the model (`PT48H`, `2026-01-01T09:00:00Z`, `R3/PT24H`, or `=FEEL` giving one of
 * those) resolved into absolute fire times for waits.
 */
import { firstFireAt, nextCycleFireAt, parseCycle, parseTimerExpression } from './durations';
import { TimerExpressionError } from './errors';
import { resolveValue, type FeelVariables } from './feel';
import type { TimerDefinition, Wait } from './types';

/** The timer fields of a wait. */
export type ArmedTimer = Pick<Wait, 'fireAt' | 'remaining' | 'cycle'> & { fireAt: number };

/**
 * Resolves a timer for arming at `now`. A cycle's resolved text is kept (`cycle`) so re-arming never
 * re-evaluates FEEL; `remaining` counts the firings left, this one included (absent: unbounded).
 * @throws FeelEvaluationError | TimerExpressionError
 */
export function armTimer(definition: TimerDefinition, variables: FeelVariables, now: number): ArmedTimer {
  const text = resolveTimerText(definition.expression, variables);
  const parsed = parseTimerExpression(text);
  const fireAt = firstFireAt(parsed, now);
  if (parsed.type !== 'cycle') return { fireAt };
  return parsed.repetitions === null
    ? { fireAt, cycle: text.trim() }
    : { fireAt, cycle: text.trim(), remaining: parsed.repetitions };
}

/** The next run of a cycle timer that just fired, or null when it was its last (or not a cycle at all). */
export function rearmCycle(wait: Wait, now: number): ArmedTimer | null {
  if (wait.cycle === undefined) return null;
  if (wait.remaining !== undefined && wait.remaining <= 1) return null;
  const { interval } = parseCycle(wait.cycle);
  const fireAt = nextCycleFireAt(interval, wait.fireAt ?? now, now);
  return wait.remaining === undefined
    ? { fireAt, cycle: wait.cycle }
    : { fireAt, cycle: wait.cycle, remaining: wait.remaining - 1 };
}

/**
 * A user task's due date: `dueIn` is a duration from now (or an absolute date-time), literal or `=FEEL`.
 * @throws FeelEvaluationError | TimerExpressionError
 */
export function resolveDueAt(dueIn: string, variables: FeelVariables, now: number): number {
  const parsed = parseTimerExpression(resolveTimerText(dueIn, variables));
  if (parsed.type === 'cycle') throw new TimerExpressionError(dueIn, 'a due date cannot repeat');
  return firstFireAt(parsed, now);
}

function resolveTimerText(expression: string, variables: FeelVariables): string {
  const value = resolveValue(expression, variables);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TimerExpressionError(expression, `evaluated to ${JSON.stringify(value)}, not an ISO 8601 text`);
  }
  return value;
}
