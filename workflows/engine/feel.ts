/**
 * FEEL over the process variables, through feelin. Deterministic as long as the context holds only plain
 * data (never objects with methods) and models avoid `now()` / `today()`, which read the clock and the
 * worker's time zone: pass dates in as variables instead. Results are turned into plain JSON (dates and
 * durations become ISO strings) before they can land in the engine state.
 */
import { evaluate, isFunction, unaryTest } from 'feelin';
import { FeelEvaluationError } from './errors';

/** Variables visible to an expression. */
export type FeelVariables = Record<string, unknown>;

/**
 * Evaluates a FEEL expression and returns its value as plain JSON (`null` for FEEL null and for values
 * JSON cannot hold). One leading `=` is tolerated, as modelers write it out of habit.
 * @throws FeelEvaluationError when the expression does not parse or the evaluator fails.
 */
export function evaluateExpression(expression: string, variables: FeelVariables): unknown {
  const source = stripEquals(expression);
  let value: unknown;
  try {
    value = evaluate(source, variables).value;
  } catch (error) {
    throw new FeelEvaluationError(source, error instanceof Error ? error.message : String(error));
  }
  return toPlainJson(value);
}

/**
 * Evaluates a condition: only a boolean `true` counts, so null (a missing variable) and non-booleans are false.
 * @throws FeelEvaluationError when the expression does not parse.
 */
export function evaluateCondition(expression: string, variables: FeelVariables): boolean {
  return evaluateExpression(expression, variables) === true;
}

/**
 * Runs a FEEL unary test (`> 3`, `"a", "b"`, `[1..10]`) against `input`.
 * @throws FeelEvaluationError when the test does not parse.
 */
export function evaluateUnaryTest(test: string, input: unknown, variables: FeelVariables): boolean {
  try {
    return unaryTest(test, { ...variables, '?': input }).value === true;
  } catch (error) {
    throw new FeelEvaluationError(test, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Resolves a model value: `=expr` is FEEL evaluated over the variables, anything else is the literal string.
 * @throws FeelEvaluationError for an `=expr` that fails.
 */
export function resolveValue(value: string, variables: FeelVariables): unknown {
  return isFeel(value) ? evaluateExpression(value.slice(1), variables) : value;
}

/** Whether a model value is a FEEL expression (starts with `=`). */
export function isFeel(value: string): boolean {
  return value.startsWith('=');
}

/**
 * Converts a FEEL result to plain JSON: temporal values become their ISO strings (they all have `toJSON`),
 * functions and non-finite numbers become null, ranges and contexts become plain objects.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || isFunction(value)) return null;
  if (Array.isArray(value)) return value.map(toPlainJson);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(value);
      if (json !== value) return toPlainJson(json);
    }
  }
  // fromEntries defines own properties, so a `__proto__` key stays data and never becomes a prototype
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]): [string, unknown] => [key, toPlainJson(entry)]),
  );
}

function stripEquals(expression: string): string {
  const trimmed = expression.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1) : trimmed;
}
