import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { classify } from './classify.task';
import { loadComplaint, type ServiceTaskHandler, type ServiceTaskInput } from './context';
import { notify, sendEmail, sendSms } from './notify.task';
import { assign, callWebhook, createSurvey, escalate, recordOutcome, setStage } from './simple.tasks';

export type { ServiceTaskInput } from './context';

/** The registered service-task types a BPMN model may name in `redress:taskType`. */
export const SERVICE_TASK_HANDLERS: Record<string, ServiceTaskHandler> = {
  notify,
  sendEmail,
  sendSms,
  setStage,
  classify,
  assign,
  createSurvey,
  recordOutcome,
  escalate,
  callWebhook,
};

/** One activity for every service task: dispatches on the task type. */
export function serviceTaskActivities(deps: ActivityDeps) {
  return {
    async executeServiceTask(input: ServiceTaskInput): Promise<Record<string, unknown> | null> {
      const handler = SERVICE_TASK_HANDLERS[input.taskType];
      if (!handler)
        throw ApplicationFailure.nonRetryable(
          `Unknown service task type "${input.taskType}"`,
          'ConfigurationError',
        );
      const { complaint, customer } = await loadComplaint(deps.dataSource, input.complaintId);
      return handler({ ...input, deps, complaint, customer });
    },
  };
}
