/**
 * The activity types a service or send task may name in `redress:taskType`. The worker registers an
 * activity for each; a model naming anything else is refused at deploy time rather than failing later
 * inside a running complaint.
 */
export const KNOWN_TASK_TYPES = [
  'notify',
  'sendEmail',
  'sendSms',
  'setStage',
  'classify',
  'assign',
  'createSurvey',
  'recordOutcome',
  'escalate',
  'callWebhook',
] as const;

/** A task type of the default list. */
export type TaskType = (typeof KNOWN_TASK_TYPES)[number];

/** The `redress:param` names each task type needs (`required`) or understands besides them (`optional`). */
export interface TaskTypeParams {
  required: readonly string[];
  optional: readonly string[];
}

/** Parameters per task type; any other parameter is passed through to the activity unchanged. */
export const TASK_TYPE_PARAMS: Record<TaskType, TaskTypeParams> = {
  notify: { required: ['template'], optional: ['channels'] },
  sendEmail: { required: ['template'], optional: [] },
  sendSms: { required: ['template'], optional: [] },
  setStage: { required: ['stage'], optional: [] },
  classify: { required: [], optional: [] },
  assign: { required: [], optional: [] },
  createSurvey: { required: [], optional: [] },
  recordOutcome: { required: [], optional: [] },
  escalate: { required: [], optional: [] },
  callWebhook: { required: ['url'], optional: [] },
};

/** Values the notify task's `channels` parameter accepts (a comma list of them). */
export const NOTIFY_CHANNELS = ['email', 'sms'] as const;

/** The parameter table entry for `type`, or undefined for a type not in the default list. */
export function paramsOfTaskType(type: string): TaskTypeParams | undefined {
  return Object.prototype.hasOwnProperty.call(TASK_TYPE_PARAMS, type)
    ? TASK_TYPE_PARAMS[type as TaskType]
    : undefined;
}
