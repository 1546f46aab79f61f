/**
 * Errors of the interpreter core. Only programmer errors are thrown out of `startInstance` /
 * `handleEvent`; bad data met at run time (a FEEL expression that does not evaluate, a gateway with no
 * way out) becomes an `incident` that staff can see and retry instead.
 */

/** Thrown when the compiled process is inconsistent (a missing element or flow, a flow into a boundary event). */
export class EngineDefinitionError extends Error {
  override readonly name = 'EngineDefinitionError';
  constructor(
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
  }
}

/** Thrown when the interpreter is called the wrong way (e.g. a `start` event passed to `handleEvent`). */
export class EngineUsageError extends Error {
  override readonly name = 'EngineUsageError';
}

/**
 * Thrown when one event keeps routing tokens for more than `maxSteps` element entries without reaching
 * a wait state: a cycle of gateways in the model. The state passed in is left untouched.
 */
export class EngineLoopError extends Error {
  override readonly name = 'EngineLoopError';
  constructor(
    readonly elementId: string,
    readonly maxSteps: number,
  ) {
    super(
      `More than ${maxSteps} steps in one event: the process loops without waiting, last at "${elementId}"`,
    );
  }
}

/** Thrown by the FEEL wrappers when an expression does not parse or its evaluation fails. */
export class FeelEvaluationError extends Error {
  override readonly name = 'FeelEvaluationError';
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`FEEL expression "${expression}" failed: ${reason}`);
  }
}

/** Thrown when a timer or due-date expression is not a supported ISO 8601 duration, date-time or cycle. */
export class TimerExpressionError extends Error {
  override readonly name = 'TimerExpressionError';
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`Timer expression "${expression}" is invalid: ${reason}`);
  }
}

/** Thrown by form validation when the form schema itself is malformed (a deploy-time bug, not bad input). */
export class FormSchemaError extends Error {
  override readonly name = 'FormSchemaError';
}
