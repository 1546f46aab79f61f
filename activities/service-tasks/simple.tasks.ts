import { ApplicationFailure } from '@temporalio/activity';
import { Complaint } from '../../core/db/entities';
import type { ServiceTaskHandler } from './context';
import { str } from './context';

/** setStage: an explicit stage change drawn in the model (stages also follow elements' `stage` attribute). */
export const setStage: ServiceTaskHandler = async ({ params, complaint, deps }) => {
  const stage = str(params.stage);
  if (!stage)
    throw ApplicationFailure.nonRetryable('setStage needs a "stage" parameter', 'ConfigurationError');
  await deps.dataSource.getRepository(Complaint).update({ id: complaint.id }, { stage });
  return { stage };
};

/** assign: route to a department's group (and optionally a person) for the following user tasks. */
export const assign: ServiceTaskHandler = async ({ params, complaint, deps }) => {
  const department = str(params.group) ?? str(params.department) ?? complaint.department ?? 'quality';
  const assignee = str(params.assignee) ?? null;
  await deps.dataSource.getRepository(Complaint).update({ id: complaint.id }, { department });
  return { department, assignee };
};

/** escalate: a reminder, an SLA breach or a reopen; raises priority and counts reopens. */
export const escalate: ServiceTaskHandler = async ({ params, complaint, variables, deps }) => {
  const level = str(params.level) ?? 'breach';
  const repo = deps.dataSource.getRepository(Complaint);
  if (level === 'reopen') {
    const reopenCount = Number(params.reopenCount ?? variables.reopenCount ?? 0) + 1;
    await repo.update({ id: complaint.id }, { reopenCount, status: 'open' });
    return { reopenCount, escalationLevel: level };
  }
  if (level === 'breach') await repo.update({ id: complaint.id }, { priority: 'urgent' });
  return {
    escalated: level === 'breach',
    escalationLevel: level,
    reminders: Number(variables.reminders ?? 0) + (level === 'reminder' ? 1 : 0),
  };
};

/** createSurvey: nothing to store yet; the signed, single-use link is built from this task's wait id. */
export { createSurvey } from './survey.task';

/** recordOutcome: closes the record with the outcome, remedy and root cause from the process variables. */
export const recordOutcome: ServiceTaskHandler = async ({ params, complaint, variables, deps }) => {
  const answer = (variables.surveyAnswer ?? null) as { satisfaction?: number } | null;
  const outcome =
    str(params.outcome) ??
    str(variables.outcome) ??
    (answer
      ? Number(answer.satisfaction) >= 3
        ? 'resolved'
        : 'resolved-dissatisfied'
      : 'resolved-no-survey-answer');
  const amount = variables.remedyAmount;
  await deps.dataSource.getRepository(Complaint).update(
    { id: complaint.id },
    {
      outcome,
      remedyType: str(variables.remedyType) ?? null,
      remedyAmount: typeof amount === 'number' || typeof amount === 'string' ? String(amount) : null,
      rootCause: str(variables.rootCause) ?? null,
      satisfaction: answer?.satisfaction !== undefined ? Number(answer.satisfaction) : null,
      closedAt: new Date(),
    },
  );
  return { outcome };
};

/** callWebhook: POSTs the complaint's summary to another system; a non-2xx answer is retried, then an incident. */
export const callWebhook: ServiceTaskHandler = async ({ params, complaint, elementId }) => {
  const url = str(params.url);
  if (!url)
    throw ApplicationFailure.nonRetryable('callWebhook needs a "url" parameter', 'ConfigurationError');
  const res = await fetch(url, {
    method: str(params.method)?.toUpperCase() ?? 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      event: elementId,
      complaintId: complaint.id,
      trackingCode: complaint.trackingCode,
      stage: complaint.stage,
      category: complaint.category,
    }),
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`Webhook ${url} answered ${res.status}`);
  return { webhookStatus: res.status };
};
