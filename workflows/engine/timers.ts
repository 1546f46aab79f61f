/**
 * Timer definitions of the model (`PT48H`, `2026-01-01T09:00:00Z`, `R3/PT24H`, `P15BD`,
 * `clock:finalResponse-P5BD`, or `=FEEL` giving one of those) resolved into absolute fire times for waits.
 */
import { armCalendarTimer } from './clocks';
import { firstFireAt, nextCycleFireAt, parseCycle, parseTimerExpression } from './durations';
import { TimerExpressionError } from './errors';
import { resolveValue, type FeelVariables } from './feel';
import type { TimerDefinition, Wait } from './types';

/** The timer fields of a wait. `fireAt` is absent only for a clock timer whose clock is not running. */
export type ArmedTimer = Pick<Wait, 'fireAt' | 'remaining' | 'cycle' | 'clock'>;

/**
 * Resolves a timer for arming at `now`. A cycle's resolved text is kept (`cycle`) so re-arming never
 * re-evaluates FEEL; `remaining` counts the firings left, this one included (absent: unbounded). A
 * clock timer keeps its text (`clock`) so it can be re-armed when the clock changes.
 * @throws FeelEvaluationError | TimerExpressionError
 */
export function armTimer(definition: TimerDefinition, variables: FeelVariables, now: number): ArmedTimer {
  const text = resolveTimerText(definition.expression, variables);
  const calendarTimer = armCalendarTimer(text, variables, now);
  if (calendarTimer) {
    if (definition.kind === 'cycle')
      throw new TimerExpressionError(text, 'a repeating timer cannot follow a clock');
    return calendarTimer;
  }
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
 * A user task's due date: `dueIn` is a duration from now (`P3D`, `P2BD`), an absolute date-time or a
 * clock's deadline (`clock:finalResponse-P2BD`), literal or `=FEEL`. Undefined when it follows a clock
 * that is not running (the task then has no due date).
 * @throws FeelEvaluationError | TimerExpressionError
 */
export function resolveDueAt(dueIn: string, variables: FeelVariables, now: number): number | undefined {
  const text = resolveTimerText(dueIn, variables);
  const calendarTimer = armCalendarTimer(text, variables, now);
  if (calendarTimer) return calendarTimer.fireAt;
  const parsed = parseTimerExpression(text);
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
