/**
 * The benchmark's baseline: the default complaint process (approval path) written by hand as an
 * ordinary Temporal workflow — no BPMN graph, no interpreter, no form validation, no clock engine.
 * It makes the same calls as Redress's workflow for one complaint through investigate → approve →
 * resolution → survey → closure: the same 28 activities with the same inputs (so the same
 * PostgreSQL, outbox and SMTP work), the same 3 timers (started and cancelled), the same 2 Updates,
 * 1 signal and 9 search-attribute upserts, and the same timeline rows. Only the deciding differs.
 *
 * It is registered under the workflow type `complaintWorkflow` (on its own task queue) so the same
 * intake service and the same driver run both. Bundled on its own (bench/flow-throughput.bench.ts).
 */
import {
  CancellationScope,
  ApplicationFailure,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { createActivities, TimelineInput } from '../../activities';
import {
  complaintStateQuery,
  completeTaskUpdate,
  customerMessageSignal,
  type ComplaintWorkflowInput,
  type OpenTask,
} from '../../workflows/complaint.messages';
import { ProcessVersionKey, StageKey } from '../../workflows/complaint.search-attributes';

type Activities = ReturnType<typeof createActivities>;

// The same activity options as workflows/complaint.workflow.ts.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
const serviceTasks = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    backoffCoefficient: 2,
    maximumAttempts: 5,
  },
});

const DAY = 86_400_000;

/** Hand-written complaint flow (see the file comment). */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<{ stage?: string }> {
  const { complaintId } = input;
  const workflowId = workflowInfo().workflowId;
  const variables: Record<string, unknown> = { ...input.variables };
  const openTasks = new Map<string, OpenTask>();
  const answers = new Map<string, Record<string, unknown>>();
  let stage = 'received';
  let completed = false;
  let surveyAnswer: Record<string, unknown> | undefined;
  let seq = 0;
  let batches = 0;
  let wait = 0;
  const timeline: TimelineInput['entries'] = [];

  setHandler(complaintStateQuery, () => ({
    complaintId,
    trackingCode: input.trackingCode,
    processKey: input.processKey,
    processVersion: input.processVersion,
    stage,
    completed,
    activeElements: [],
    openTasks: [...openTasks.values()],
    incidents: [],
    variables,
  }));
  setHandler(customerMessageSignal, ({ name, variables: v }) => {
    if (name === 'surveyAnswered') surveyAnswer = v;
  });
  setHandler(
    completeTaskUpdate,
    async ({ waitId, data, actor }) => {
      const task = openTasks.get(waitId);
      if (!task) throw ApplicationFailure.nonRetryable('This task is no longer open.');
      openTasks.delete(waitId);
      await db.closeHumanTask({ workflowId, waitId, status: 'completed', completedBy: actor.username, data });
      answers.set(waitId, data);
      // Like Redress: answer once the step this completion causes has been carried out.
      const mine = batches + 1;
      await condition(() => batches >= mine || completed);
      return { stage, completed, openTasks: [...openTasks.values()] };
    },
    {
      validator: ({ waitId }) => {
        if (!openTasks.has(waitId)) throw new Error('This task is no longer open.');
      },
    },
  );

  const log = (kind: string, elementId?: string, data: Record<string, unknown> = {}): void => {
    timeline.push({ seq: ++seq, kind, elementId, data, at: Date.now() });
  };
  const enter = (id: string, kind = 'serviceTask'): void =>
    log('elementEntered', id, { kind, tokenId: 't1' });
  const leave = (id: string, kind = 'serviceTask'): void => log('elementLeft', id, { kind, tokenId: 't1' });
  const pass = (id: string, kind = 'exclusiveGateway'): void => {
    enter(id, kind);
    leave(id, kind);
  };
  const toStage = (to: string): void => {
    log('stageChanged', undefined, { from: stage, to });
    stage = to;
  };

  /** Writes the batch's trail (and the stage search attribute), as Redress does after each step. */
  const flush = async (
    stageChanged: boolean,
    clock?: { clock: string; kind: 'stop'; reason: string },
  ): Promise<void> => {
    if (clock)
      await db.recordClockEvents({
        complaintId,
        events: [
          {
            clock: clock.clock,
            change: { kind: 'stop', at: Date.now(), reason: clock.reason, actor: 'workflow', id: `c${seq}` },
          },
        ],
      });
    if (stageChanged) upsertSearchAttributes([{ key: StageKey, value: stage }]);
    await db.recordProgress({
      complaintId,
      workflowId,
      processVersion: input.processVersion,
      stage: stageChanged ? stage : undefined,
      entries: timeline.splice(0),
    });
    batches++;
  };

  /** Starts a service task and returns its result promise (it runs while the trail is written). */
  const service = (elementId: string, taskType: string, params: Record<string, unknown> = {}) =>
    serviceTasks.executeServiceTask({
      complaintId,
      workflowId,
      waitId: `w${++wait}`,
      elementId,
      taskType,
      params,
      variables: { ...variables },
    });

  const cancellableTimer = (ms: number): CancellationScope => {
    const scope = new CancellationScope();
    scope
      .run(() => sleep(ms))
      .catch((err: unknown) => {
        if (!isCancellation(err)) throw err;
      });
    return scope;
  };

  /** A user task: projected to the inbox, then wait for its completion Update. */
  const userTask = async (
    elementId: string,
    name: string,
    candidateGroups: string[],
    dueInMs?: number,
  ): Promise<{
    waitId: string;
    opened: () => Promise<void>;
    completion: () => Promise<Record<string, unknown>>;
  }> => {
    const task: OpenTask = {
      waitId: `w${++wait}`,
      elementId,
      name,
      candidateGroups,
      dueAt: dueInMs ? Date.now() + dueInMs : undefined,
    };
    return {
      waitId: task.waitId,
      opened: async () => {
        openTasks.set(task.waitId, task);
        await db.openHumanTask({ complaintId, workflowId, task, stage });
        log('taskOpened', elementId, { waitId: task.waitId, name, candidateGroups });
      },
      completion: async () => {
        await condition(() => answers.has(task.waitId));
        return answers.get(task.waitId)!;
      },
    };
  };

  await db.loadProcessDefinition(input.processDefinitionId); // same read as Redress (result unused)
  upsertSearchAttributes([{ key: ProcessVersionKey, value: input.processVersion }]);
  // The final-response clock's warning alert (due 12 days from now), cancelled when it stops.
  const alertTimer = cancellableTimer(12 * DAY);

  // Received → acknowledgment.
  enter('start', 'startEvent');
  toStage('received');
  leave('start', 'startEvent');
  enter('notifyAcknowledgment');
  toStage('acknowledged');
  log('clockChanged', undefined, { clock: 'acknowledgment', kind: 'stop' });
  let result = service('notifyAcknowledgment', 'notify', {
    template: 'acknowledgment',
    channels: 'email,sms',
  });
  await flush(true, { clock: 'acknowledgment', kind: 'stop', reason: 'stage acknowledged' });
  Object.assign(variables, await result);

  // Classification.
  leave('notifyAcknowledgment');
  enter('classify');
  toStage('triage');
  result = service('classify', 'classify');
  await flush(true);
  Object.assign(variables, await result);

  // Investigation.
  leave('classify');
  pass('mergeInvestigation');
  enter('notifyInvestigation');
  toStage('investigation');
  result = service('notifyInvestigation', 'notify', { template: 'stage-changed', stage: 'investigation' });
  await flush(true);
  Object.assign(variables, await result);

  leave('notifyInvestigation');
  enter('investigate', 'userTask');
  const investigate = await userTask(
    'investigate',
    'Investigate',
    [String(variables.department ?? 'quality')],
    5 * DAY,
  );
  await investigate.opened();
  const reminder = cancellableTimer(2 * DAY);
  const deadline = cancellableTimer(10 * DAY);
  await flush(false);
  Object.assign(variables, await investigate.completion());
  reminder.cancel();
  deadline.cancel();

  // Approval (the driver's remedy is above the limit).
  leave('investigate', 'userTask');
  pass('mergeRemedy');
  pass('approvalNeeded');
  enter('notifyApproval');
  toStage('approval');
  result = service('notifyApproval', 'notify', { template: 'stage-changed', stage: 'approval' });
  await flush(true);
  Object.assign(variables, await result);

  leave('notifyApproval');
  enter('approveRemedy', 'userTask');
  const approve = await userTask('approveRemedy', 'Approve remedy', ['approvers']);
  await approve.opened();
  await flush(false);
  Object.assign(variables, await approve.completion());

  // Resolution.
  leave('approveRemedy', 'userTask');
  pass('approvalDecision');
  pass('mergeResolve');
  enter('notifyResolution');
  toStage('resolution');
  log('clockChanged', undefined, { clock: 'finalResponse', kind: 'stop' });
  alertTimer.cancel();
  result = service('notifyResolution', 'notify', { template: 'resolution' });
  await flush(true, { clock: 'finalResponse', kind: 'stop', reason: 'stage resolution' });
  Object.assign(variables, await result);

  leave('notifyResolution');
  enter('createSurvey');
  result = service('createSurvey', 'createSurvey');
  await flush(false);
  Object.assign(variables, await result);

  // Survey.
  leave('createSurvey');
  enter('notifySurveyInvitation');
  toStage('survey');
  result = service('notifySurveyInvitation', 'notify', { template: 'survey-invitation' });
  await flush(true);
  Object.assign(variables, await result);

  leave('notifySurveyInvitation');
  pass('awaitSurvey', 'eventBasedGateway');
  if (!surveyAnswer) {
    // Redress starts the reminder timer only when the answer has not already arrived.
    const surveyReminder = cancellableTimer(7 * DAY);
    await condition(() => surveyAnswer !== undefined);
    surveyReminder.cancel();
  }
  Object.assign(variables, surveyAnswer);
  pass('surveyAnswered', 'intermediateCatchEvent');
  pass('mergeSurveyAnswer');
  pass('satisfied');
  enter('recordSatisfied');
  result = service('recordSatisfied', 'recordOutcome', { outcome: 'resolved' });
  await flush(false);
  Object.assign(variables, await result);

  // Closure.
  leave('recordSatisfied');
  pass('mergeClose');
  enter('notifyClosure');
  toStage('closed');
  result = service('notifyClosure', 'notify', { template: 'closure' });
  await flush(true);
  Object.assign(variables, await result);

  leave('notifyClosure');
  pass('closed', 'endEvent');
  log('completed');
  completed = true;
  await flush(false);
  await condition(allHandlersFinished);
  return { stage };
}
