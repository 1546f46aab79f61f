import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { createActivities, TimelineInput } from '../activities';
import { dueClockAlerts, pendingClockAlerts, type ClockEvent } from './engine/calendar';
import { awaitingCustomerChanges, calendarOf, clocksOf } from './engine/clocks';
import { handleEvent, startInstance } from './engine/interpreter';
import { validateFormData } from './engine/form-validation';
import type { CompiledProcess, EngineCommand, EngineEvent, EngineState } from './engine/types';
import {
  clockSignal,
  complaintStateQuery,
  completeTaskUpdate,
  customerMessageSignal,
  migrateVersionUpdate,
  retryIncidentUpdate,
  type ComplaintWorkflowInput,
  type Incident,
  type OpenTask,
} from './complaint.messages';
import { ProcessVersionKey, StageKey } from './complaint.search-attributes';
import { migrationBlockers } from './migration-check';

type Activities = ReturnType<typeof createActivities>;

// Bookkeeping activities: quick database writes, retried until the database is back.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

// Service tasks talk to the outside world (SMTP, SMS provider, webhooks): a bounded number of
// attempts, then the failure goes to the model (boundary error) or becomes a visible incident.
const serviceTasks = proxyActivities<Activities>({
  // A send or webhook call never legitimately takes long; a worker that died mid-call is noticed
  // (and the call retried, idempotently through the outbox) after this.
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    backoffCoefficient: 2,
    maximumAttempts: 5,
  },
});

/** True when some message catch event of the model waits for messages of this name. */
const catchesMessage = (process: CompiledProcess, name: string): boolean =>
  Object.values(process.elements).some((e) => e.kind === 'messageCatch' && e.messageName === name);

/** Task types whose failure is an ApplicationFailure of this type name carry a BPMN error code. */
const BPMN_ERROR = 'BpmnError';

/**
 * One complaint = one workflow. The pure interpreter decides; this function only feeds it events
 * (Update, signal, timer, activity result) one at a time and carries out the commands it returns.
 */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<{ stage?: string }> {
  const { complaintId } = input;
  const workflowId = workflowInfo().workflowId;

  // The version this complaint runs on; changes only through the migrateVersion Update.
  const pinned = { processDefinitionId: input.processDefinitionId, processVersion: input.processVersion };
  // The compiled graph of the pinned version, loaded by an activity once per run (below).
  let process!: CompiledProcess;
  const queue: EngineEvent[] = [];
  const scopes = new Map<string, CancellationScope>();
  const openTasks = new Map<string, OpenTask>((input.carried?.openTasks ?? []).map((t) => [t.waitId, t]));
  const incidents = new Map<string, Incident>((input.carried?.incidents ?? []).map((i) => [i.waitId, i]));
  let timelineSeq = input.carried?.timelineSeq ?? 0;
  let processed = 0;
  let enqueued = 0;
  let running = 0;
  // Assigned once the process graph is loaded; `ready` guards the handlers that run before that.
  let state!: EngineState;
  let ready = false;
  const timeline: TimelineInput['entries'] = [];

  const enqueue = (event: EngineEvent): number => {
    queue.push(event);
    return ++enqueued;
  };

  setHandler(complaintStateQuery, () => ({
    complaintId,
    trackingCode: input.trackingCode,
    processKey: input.processKey,
    processVersion: pinned.processVersion,
    stage: state?.stage,
    completed: state?.completed ?? false,
    activeElements: state ? [...new Set(state.tokens.map((t) => t.elementId))] : [],
    openTasks: [...openTasks.values()],
    incidents: [...incidents.values()],
    variables: state?.variables ?? {},
  }));

  setHandler(customerMessageSignal, ({ name, variables }) => {
    enqueue({ type: 'messageReceived', now: Date.now(), name, variables });
  });

  setHandler(clockSignal, ({ clock, change }) => {
    enqueue({ type: 'clockChanged', now: Date.now(), clock, change });
  });

  // Deadline clocks (jurisdiction profiles) came with clocks-v1: complaints started before have none,
  // so their histories never reach the new commands (alert timers, clock records).
  const startClocks = input.carried?.engine.variables.clocks ?? input.variables.clocks;
  const clocksOn =
    typeof startClocks === 'object' &&
    startClocks !== null &&
    Object.keys(startClocks).length > 0 &&
    patched('clocks-v1');
  const raisedAlerts = new Set<string>(input.carried?.clockAlerts ?? []);
  let alertTimer: { scope: CancellationScope; at: number } | undefined;
  let alertDue = false;

  setHandler(
    completeTaskUpdate,
    async ({ waitId, data, actor }) => {
      await condition(() => ready);
      const task = openTasks.get(waitId);
      if (!task)
        throw ApplicationFailure.nonRetryable(
          'This task is no longer open (already completed or cancelled).',
        );
      openTasks.delete(waitId); // claimed by this Update: a concurrent second completion is refused
      await db.closeHumanTask({ workflowId, waitId, status: 'completed', completedBy: actor.username, data });
      const mine = enqueue({ type: 'userTaskCompleted', now: Date.now(), waitId, variables: data });
      await condition(() => processed >= mine || state.completed);
      return { stage: state.stage, completed: state.completed, openTasks: [...openTasks.values()] };
    },
    {
      // Synchronous and side-effect free: throwing here rejects the Update without a history event.
      validator: ({ waitId, data, actor }) => {
        const task = openTasks.get(waitId);
        if (!task) throw new Error('This task is no longer open (already completed or cancelled).');
        const privileged = actor.roles.includes('admin');
        const mayWork =
          task.assignee === actor.username ||
          (!task.assignee && task.candidateGroups.some((g) => actor.groups.includes(g))) ||
          (task.assignee === undefined && task.candidateGroups.length === 0);
        if (!privileged && !mayWork)
          throw new Error(`You may not complete "${task.name}": it is not yours or your group's.`);
        const problems = task.form ? validateFormData(task.form, data) : [];
        if (problems.length)
          throw new Error(
            `Invalid form data: ${problems.map((p: { message: string }) => p.message).join('; ')}`,
          );
      },
    },
  );

  setHandler(
    retryIncidentUpdate,
    async ({ waitId }) => {
      await condition(() => ready);
      if (!incidents.has(waitId)) return { retried: false };
      incidents.delete(waitId);
      const mine = enqueue({ type: 'retryIncident', now: Date.now(), waitId });
      await condition(() => processed >= mine || state.completed);
      return { retried: true };
    },
    {
      validator: ({ waitId, actor }) => {
        if (!incidents.has(waitId)) throw new Error('There is no open incident with this id.');
        if (!actor.roles.some((r: string) => ['agent', 'approver', 'admin'].includes(r)))
          throw new Error('Only staff may retry an incident.');
      },
    },
  );

  setHandler(
    migrateVersionUpdate,
    async ({ processDefinitionId, processVersion }) => {
      await condition(() => ready);
      if (pinned.processVersion === processVersion) return { processVersion };
      const target = await db.loadProcessDefinition(processDefinitionId);
      const blockers = migrationBlockers(
        {
          activeElements: state.tokens.map((t) => t.elementId),
          waitingElements: state.waits.map((w) => w.elementId),
        },
        process,
        target,
      );
      if (blockers.length)
        throw ApplicationFailure.nonRetryable(
          `Cannot move to version ${processVersion}: ${blockers.join('; ')}`,
        );
      process = target;
      pinned.processDefinitionId = processDefinitionId;
      pinned.processVersion = processVersion;
      upsertSearchAttributes([{ key: ProcessVersionKey, value: processVersion }]);
      return { processVersion };
    },
    {
      validator: ({ processVersion }) => {
        if (state?.completed) throw new Error('This complaint has finished; there is nothing to migrate.');
        if (!Number.isInteger(processVersion) || processVersion < 1)
          throw new Error('processVersion must be a positive whole number.');
      },
    },
  );

  // Handlers are registered above before the first await, so no early query, signal or Update is
  // refused; Updates wait (condition on `ready`) until the engine state exists.
  process = await db.loadProcessDefinition(input.processDefinitionId);

  const historyIsLong = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents)
    );
  };

  const log = (kind: string, elementId?: string, data: Record<string, unknown> = {}): void => {
    timeline.push({ seq: ++timelineSeq, kind, elementId, data, at: Date.now() });
  };

  const run = async (commands: EngineCommand[]): Promise<void> => {
    let stageChanged: string | undefined;
    const clockChanges: { clock: string; change: ClockEvent }[] = [];
    for (const command of commands) {
      switch (command.type) {
        case 'startActivity':
          startServiceTask(command);
          break;
        case 'openUserTask': {
          const task: OpenTask = {
            waitId: command.waitId,
            elementId: command.elementId,
            name: command.name,
            candidateGroups: command.candidateGroups,
            assignee: command.assignee,
            form: command.form,
            dueAt: command.dueAt,
          };
          openTasks.set(task.waitId, task);
          await db.openHumanTask({ complaintId, workflowId, task, stage: state.stage });
          log('taskOpened', task.elementId, {
            waitId: task.waitId,
            name: task.name,
            candidateGroups: task.candidateGroups,
          });
          break;
        }
        case 'startTimer':
          startTimer(command.waitId, command.fireAt);
          break;
        case 'cancel':
          scopes.get(command.waitId)?.cancel();
          scopes.delete(command.waitId);
          if (openTasks.delete(command.waitId)) {
            await db.closeHumanTask({ workflowId, waitId: command.waitId, status: 'cancelled' });
            log('taskCancelled', command.elementId, { waitId: command.waitId });
          }
          incidents.delete(command.waitId);
          break;
        case 'stageChanged':
          stageChanged = command.to;
          log('stageChanged', undefined, { from: command.from ?? null, to: command.to });
          break;
        case 'elementEntered':
        case 'elementLeft':
          log(command.type, command.elementId, { kind: command.kind, tokenId: command.tokenId });
          break;
        case 'incident':
          incidents.set(command.waitId, {
            waitId: command.waitId,
            elementId: command.elementId,
            message: command.message,
            at: Date.now(),
          });
          log('incident', command.elementId, { waitId: command.waitId, message: command.message });
          break;
        case 'clockChanged':
          if (!clocksOn) break;
          clockChanges.push({ clock: command.clock, change: command.change });
          log('clockChanged', undefined, {
            clock: command.clock,
            kind: command.change.kind,
            reason: command.change.reason ?? null,
            budget: command.change.budget ?? null,
            at: command.change.at,
          });
          break;
        case 'completed':
          log('completed');
          break;
      }
    }
    if (clockChanges.length) await db.recordClockEvents({ complaintId, events: clockChanges });
    if (stageChanged) upsertSearchAttributes([{ key: StageKey, value: stageChanged }]);
    if (timeline.length) {
      await db.recordProgress({
        complaintId,
        workflowId,
        processVersion: pinned.processVersion,
        stage: stageChanged,
        entries: timeline.splice(0),
      });
    }
  };

  const startServiceTask = (command: Extract<EngineCommand, { type: 'startActivity' }>): void => {
    const scope = new CancellationScope();
    scopes.set(command.waitId, scope);
    running++;
    scope
      .run(() =>
        serviceTasks.executeServiceTask({
          complaintId,
          workflowId,
          waitId: command.waitId,
          elementId: command.elementId,
          taskType: command.taskType,
          params: command.params,
          variables: state.variables,
        }),
      )
      .then(
        (result) => enqueue({ type: 'activityCompleted', now: Date.now(), waitId: command.waitId, result }),
        (err: unknown) => {
          if (isCancellation(err)) return;
          const cause = err instanceof ActivityFailure ? err.cause : err;
          const app = cause instanceof ApplicationFailure ? cause : undefined;
          enqueue({
            type: 'activityFailed',
            now: Date.now(),
            waitId: command.waitId,
            errorCode: app?.type === BPMN_ERROR ? String(app.details?.[0] ?? '') || undefined : undefined,
            message: app?.message ?? (err instanceof Error ? err.message : String(err)),
          });
        },
      )
      .finally(() => {
        running--;
        scopes.delete(command.waitId);
      });
  };

  /** Arms one timer for the earliest deadline alert not raised yet (re-planned after every event). */
  const planAlerts = (): void => {
    if (!clocksOn || state.completed) return;
    const next = pendingClockAlerts(clocksOf(state.variables), calendarOf(state.variables), raisedAlerts)[0];
    if (alertTimer && next && alertTimer.at === next.at) return;
    alertTimer?.scope.cancel();
    alertTimer = undefined;
    if (!next) return;
    const scope = new CancellationScope();
    alertTimer = { scope, at: next.at };
    scope
      .run(() => sleep(Math.max(0, next.at - Date.now())))
      .then(
        () => {
          alertDue = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  };

  /** Warnings and breaches due now: on the complaint's timeline at once, emails to staff in the background. */
  const raiseAlerts = async (): Promise<void> => {
    alertTimer = undefined;
    const vars = state.variables;
    const { raise, skip } = dueClockAlerts(clocksOf(vars), calendarOf(vars), raisedAlerts, Date.now());
    for (const key of skip) raisedAlerts.add(key);
    for (const alert of raise) {
      raisedAlerts.add(alert.key);
      log(alert.kind === 'breach' ? 'slaBreached' : 'slaWarning', undefined, {
        clock: alert.clock,
        label: alert.label ?? alert.clock,
        dueAt: new Date(alert.dueAt).toISOString(),
        key: alert.key,
      });
      running++;
      serviceTasks
        .raiseClockAlert({ complaintId, workflowId, alert })
        .catch(() => {
          // The timeline shows the alert; a mail that could not go out stays in the outbox as failed.
        })
        .finally(() => running--);
    }
    await run([]);
  };

  const startTimer = (waitId: string, fireAt: number): void => {
    const scope = new CancellationScope();
    scopes.set(waitId, scope);
    scope
      .run(() => sleep(Math.max(0, fireAt - Date.now())))
      .then(
        () => enqueue({ type: 'timerFired', now: Date.now(), waitId }),
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => scopes.delete(waitId));
  };

  upsertSearchAttributes([{ key: ProcessVersionKey, value: pinned.processVersion }]);
  if (input.carried) {
    state = input.carried.engine;
    ready = true;
    // Timers survive continue-as-new as absolute fire times; re-arm them in this run.
    for (const wait of state.waits)
      if (wait.kind === 'timer' && wait.fireAt !== undefined) startTimer(wait.id, wait.fireAt);
  } else {
    const result = startInstance(process, { type: 'start', now: Date.now(), variables: input.variables });
    state = result.state;
    ready = true;
    await run(result.commands);
  }
  planAlerts();

  while (!state.completed) {
    // Hand over to a new run only when nothing is in flight that the new run could not pick up:
    // no queued event, no running activity, no Update handler still working (an Update waits for
    // its own event to be processed, so waiting for it here without also processing the queue
    // would deadlock).
    await condition(
      () => queue.length > 0 || alertDue || (historyIsLong() && running === 0 && allHandlersFinished()),
    );
    if (alertDue) {
      alertDue = false;
      await raiseAlerts();
      planAlerts();
      continue;
    }
    const event = queue.shift();
    if (!event) {
      return continueAsNew<typeof complaintWorkflow>({
        ...input,
        ...pinned,
        carried: {
          engine: state,
          openTasks: [...openTasks.values()],
          incidents: [...incidents.values()],
          timelineSeq,
          ...(clocksOn ? { clockAlerts: [...raisedAlerts] } : {}),
        },
      });
    }
    if (event.type === 'messageReceived' && clocksOn) {
      // Stop the clock while awaiting the customer, where the regime allows it: a question to the
      // customer pauses, their reply resumes. Came with clock-auto-pause-v1; a message that changes no
      // clock reaches no patch, so histories without such clocks replay as before.
      const changes = awaitingCustomerChanges(clocksOf(state.variables), event.name, event.variables);
      if (changes.length && patched('clock-auto-pause-v1')) {
        for (const { clock, kind, reason } of changes) {
          const change: ClockEvent = { id: uuid4(), kind, at: event.now, reason, actor: 'workflow' };
          const result = handleEvent(process, state, { type: 'clockChanged', now: event.now, clock, change });
          state = result.state;
          await run(result.commands);
        }
        planAlerts();
      }
    }
    if (event.type === 'messageReceived' && !catchesMessage(process, event.name)) {
      // A message this model never waits for (a customer's reply, a staff question): keep its data
      // in the variables and the trail, instead of buffering it forever for a catch that never comes.
      state = { ...state, variables: { ...state.variables, ...event.variables } };
      log('messageReceived', undefined, { name: event.name });
      await run([]);
      processed++;
      continue;
    }
    const result = handleEvent(process, state, event);
    state = result.state;
    await run(result.commands);
    processed++;
    planAlerts();
  }
  // Let in-flight Update handlers reply before the run closes.
  await condition(allHandlersFinished);
  return { stage: state.stage };
}
