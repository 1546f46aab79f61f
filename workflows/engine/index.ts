/**
 * The pure interpreter core of Redress: run a compiled BPMN process event by event, evaluate FEEL,
 * parse ISO 8601 timers and validate user-task forms. Deterministic and free of I/O, for Temporal workflows.
 */
export * from './types';
export { startInstance, handleEvent, acceptsEvent, findOpenWait, MAX_STEPS_PER_EVENT } from './interpreter';
export type { StartEvent } from './interpreter';
export {
  EngineDefinitionError,
  EngineLoopError,
  EngineUsageError,
  FeelEvaluationError,
  FormSchemaError,
  TimerExpressionError,
} from './errors';
export { evaluateExpression, evaluateCondition, evaluateUnaryTest, resolveValue, toPlainJson } from './feel';
export type { FeelVariables } from './feel';
export {
  addDuration,
  durationToMillis,
  firstFireAt,
  nextCycleFireAt,
  parseCycle,
  parseDateTime,
  parseDuration,
  parseTimerExpression,
} from './durations';
export type { IsoDuration, ParsedTimer } from './durations';
export { validateFormData, formDefaults } from './form-validation';
export type { FormFieldError, FormValidationOptions } from './form-validation';
