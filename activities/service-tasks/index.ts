import { ApplicationFailure } from '@temporalio/activity';
import { retryThroughDatabaseOutage } from '../../core/db/database-outage';
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

/**
 * How long one attempt of a service task keeps retrying while the database is unreachable; with the
 * outbox's own wait to record a sent message, it stays within the 30-second start-to-close timeout.
 */
const DATABASE_OUTAGE_RETRY_MS = 10_000;

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
      // Handlers are safe to repeat (messages go through the outbox); a PostgreSQL restart is retried
      // here, within the 30-second attempt, instead of using up the attempts meant for the outside world.
      return retryThroughDatabaseOutage(
        deps.dataSource,
        async () => {
          const { complaint, customer } = await loadComplaint(deps.dataSource, input.complaintId);
          return handler({ ...input, deps, complaint, customer });
        },
        // A BPMN error or a refusal the handler raised on purpose is its answer, not an outage.
        { forMs: DATABASE_OUTAGE_RETRY_MS, deliberate: (err) => err instanceof ApplicationFailure },
      );
    },
  };
}
