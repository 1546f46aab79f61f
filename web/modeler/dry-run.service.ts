/**
 * A dry run of a model before it is deployed: the REAL interpreter (workflows/engine, pure) runs it on
 * a test complaint, in memory. Service tasks get plausible results from stand-ins that send nothing,
 * user tasks are completed with the answers the process owner chose, messages arrive when a catch
 * event waits for them, and timers fire as soon as nothing else can happen.
 */
import { compileBpmn, type DeployProblem } from '../../core/bpmn/compile';
import type { Config } from '../../core/config/config';
import {
  addIsoDuration,
  processDefaults,
  type ProcessDefaults,
} from '../../core/complaints/process-defaults';
import {
  formDefaults,
  handleEvent,
  startInstance,
  validateFormData,
  type CompiledProcess,
  type EngineCommand,
  type EngineEvent,
  type EngineState,
} from '../../workflows/engine';
import type { TemplateRenderer } from '../../templates/renderer';
import {
  simulateServiceTask,
  type DryRunTaskDeps,
  type WouldCallWebhook,
  type WouldSendMessage,
} from './dry-run-tasks';

/** Events the dry run feeds at most: a model that loops (a reminder cycle nobody stops) is cut here. */
export const MAX_DRY_RUN_EVENTS = 500;

/** What the process owner asks for. */
export interface DryRunRequest {
  xml: string;
  /**
   * Form data per user task id; a task with no entry is completed with its form's default values, a
   * task given `null` is left undone (so its timers fire). An entry for a service task id replaces the
   * stand-in's result.
   */
  answers?: Record<string, Record<string, unknown> | null>;
  /** Messages to deliver, in order, each when a catch event waits for its name. */
  messages?: { name: string; variables?: Record<string, unknown> }[];
  /** Variables of the test complaint, over the defaults (subject, customer, category…). */
  variables?: Record<string, unknown>;
}

/** One element the token passed, in order. */
export interface PathStep {
  elementId: string;
  kind: string;
  name?: string;
}

/** The run: where it went, what the customer saw and would have received, and where it stopped. */
export interface DryRunResult {
  completed: boolean;
  /** Why the run stopped before the end, when it did. */
  stoppedBecause?: string;
  path: PathStep[];
  stages: { from: string | null; to: string; atElement: string | null }[];
  messages: WouldSendMessage[];
  webhooks: WouldCallWebhook[];
  userTasks: { elementId: string; name: string; data: Record<string, unknown> | null; problems: string[] }[];
  timersFired: string[];
  incidents: { elementId: string; message: string }[];
  variables: Record<string, unknown>;
  warnings: DeployProblem[];
}

/** Thrown when the model does not compile: the dry run needs a deployable model. */
export class DryRunModelError extends Error {
  constructor(readonly errors: DeployProblem[]) {
    super('The model cannot be deployed, so it cannot be run.');
  }
}

/** The variables the intake would give a complaint, for a made-up customer. */
export function testComplaintVariables(defaults: ProcessDefaults, now: Date): Record<string, unknown> {
  return {
    complaintId: '00000000-0000-4000-8000-000000000000',
    trackingCode: 'RD-DRY-RUN',
    customer: {
      name: 'Alex Morgan',
      email: 'alex.morgan@example.test',
      phone: '+44 20 7946 0000',
      locale: 'en',
    },
    channel: 'web',
    type: 'complaint',
    subject: 'Kettle stopped working',
    description: 'The kettle I bought last week stopped working after two days.',
    desiredRemedy: 'A replacement',
    approvalLimit: defaults.approvalLimit,
    sla: defaults.sla,
    expectedResolutionDate: addIsoDuration(now, defaults.sla.finalResponse).toISOString(),
    reopenCount: 0,
  };
}

interface OpenTask {
  waitId: string;
  elementId: string;
  name: string;
  form?: unknown;
}

/** Runs dry runs; one per web app. */
export class DryRunService {
  private readonly taskDeps: DryRunTaskDeps;

  constructor(
    private readonly config: Config,
    renderer: TemplateRenderer,
    private readonly clock: () => number = Date.now,
  ) {
    this.taskDeps = { renderer, publicUrl: config.PUBLIC_URL, organisationName: config.ORGANISATION_NAME };
  }

  /** @throws DryRunModelError when the model does not compile. */
  async run(request: DryRunRequest): Promise<DryRunResult> {
    const compiled = await compileBpmn(request.xml);
    if (!compiled.ok) throw new DryRunModelError(compiled.errors);
    const start = this.clock();
    const variables = {
      ...testComplaintVariables(processDefaults(this.config), new Date(start)),
      ...(request.variables ?? {}),
    };
    return new Run(compiled.process, request, this.taskDeps, start).execute(variables, compiled.warnings);
  }
}

/** One dry run's bookkeeping. */
class Run {
  private state: EngineState | undefined;
  private now: number;
  private readonly activities: Extract<EngineCommand, { type: 'startActivity' }>[] = [];
  private readonly tasks = new Map<string, OpenTask>();
  private readonly timers = new Map<string, { elementId: string; fireAt: number }>();
  private readonly pendingMessages: { name: string; variables?: Record<string, unknown> }[];
  private readonly result: Omit<DryRunResult, 'completed' | 'variables' | 'warnings'> = {
    path: [],
    stages: [],
    messages: [],
    webhooks: [],
    userTasks: [],
    timersFired: [],
    incidents: [],
  };

  constructor(
    private readonly process: CompiledProcess,
    private readonly request: DryRunRequest,
    private readonly deps: DryRunTaskDeps,
    start: number,
  ) {
    this.now = start;
    this.pendingMessages = [...(request.messages ?? [])];
  }

  execute(variables: Record<string, unknown>, warnings: DeployProblem[]): DryRunResult {
    const started = startInstance(this.process, { type: 'start', now: this.now, variables });
    this.state = started.state;
    this.apply(started.commands);
    let stoppedBecause: string | undefined;
    for (let events = 0; !this.state.completed; events++) {
      if (events >= MAX_DRY_RUN_EVENTS) {
        stoppedBecause = `stopped after ${MAX_DRY_RUN_EVENTS} events: the model may loop (a repeating timer nobody stops?)`;
        break;
      }
      const event = this.nextEvent();
      if (typeof event === 'string') {
        stoppedBecause = event;
        break;
      }
      const next = handleEvent(this.process, this.state, event);
      this.state = next.state;
      this.apply(next.commands);
    }
    return {
      completed: this.state.completed,
      ...(stoppedBecause ? { stoppedBecause } : {}),
      ...this.result,
      variables: this.state.variables,
      warnings,
    };
  }

  /** Carries out the engine's commands the way the workflow would, minus every side effect. */
  private apply(commands: EngineCommand[]): void {
    for (const command of commands) {
      switch (command.type) {
        case 'elementEntered': {
          const name = this.process.elements[command.elementId]?.name;
          this.result.path.push({
            elementId: command.elementId,
            kind: command.kind,
            ...(name ? { name } : {}),
          });
          break;
        }
        case 'stageChanged':
          this.result.stages.push({
            from: command.from ?? null,
            to: command.to,
            atElement: this.result.path.at(-1)?.elementId ?? null,
          });
          break;
        case 'startActivity':
          this.activities.push(command);
          break;
        case 'openUserTask':
          this.tasks.set(command.waitId, {
            waitId: command.waitId,
            elementId: command.elementId,
            name: command.name,
            form: command.form,
          });
          break;
        case 'startTimer':
          this.timers.set(command.waitId, { elementId: command.elementId, fireAt: command.fireAt });
          break;
        case 'cancel':
          this.tasks.delete(command.waitId);
          this.timers.delete(command.waitId);
          this.removeActivity(command.waitId);
          break;
        case 'incident':
          this.result.incidents.push({ elementId: command.elementId, message: command.message });
          break;
        default:
          break;
      }
    }
  }

  private removeActivity(waitId: string): void {
    const index = this.activities.findIndex((activity) => activity.waitId === waitId);
    if (index >= 0) this.activities.splice(index, 1);
  }

  /** The next thing to happen, in the order a quick, cooperative world would produce it; or why nothing can. */
  private nextEvent(): EngineEvent | string {
    const activity = this.activities.shift();
    if (activity) return this.completeActivity(activity);
    const answers = this.request.answers ?? {};
    for (const task of this.tasks.values()) {
      if (answers[task.elementId] === null) continue;
      this.tasks.delete(task.waitId);
      const data = answers[task.elementId] ?? (task.form ? formDefaults(task.form) : {});
      const problems = task.form ? validateFormData(task.form, data).map((problem) => problem.message) : [];
      this.result.userTasks.push({ elementId: task.elementId, name: task.name, data, problems });
      return { type: 'userTaskCompleted', now: this.now, waitId: task.waitId, variables: data };
    }
    const awaited = new Set(
      (this.state?.waits ?? []).filter((wait) => wait.kind === 'message').map((wait) => wait.messageName),
    );
    const messageIndex = this.pendingMessages.findIndex((message) => awaited.has(message.name));
    if (messageIndex >= 0) {
      const [message] = this.pendingMessages.splice(messageIndex, 1);
      return {
        type: 'messageReceived',
        now: this.now,
        name: message!.name,
        variables: message!.variables ?? {},
      };
    }
    const [timerId, timer] = [...this.timers].sort(([, a], [, b]) => a.fireAt - b.fireAt)[0] ?? [];
    if (timerId && timer) {
      this.timers.delete(timerId);
      this.now = Math.max(this.now, timer.fireAt);
      this.result.timersFired.push(timer.elementId);
      return { type: 'timerFired', now: this.now, waitId: timerId };
    }
    return this.whyStuck();
  }

  private completeActivity(activity: Extract<EngineCommand, { type: 'startActivity' }>): EngineEvent {
    const given = this.request.answers?.[activity.elementId];
    const simulated = simulateServiceTask(
      {
        elementId: activity.elementId,
        taskType: activity.taskType,
        params: activity.params,
        variables: this.state?.variables ?? {},
        stage: this.state?.stage,
      },
      this.deps,
    );
    this.result.messages.push(...simulated.messages);
    this.result.webhooks.push(...simulated.webhooks);
    return {
      type: 'activityCompleted',
      now: this.now,
      waitId: activity.waitId,
      result: given ?? simulated.result,
    };
  }

  private whyStuck(): string {
    const tasks = [...this.tasks.values()].map((task) => task.name || task.elementId);
    if (tasks.length > 0) return `waiting for ${tasks.join(', ')} (left undone on purpose)`;
    const messages = (this.state?.waits ?? [])
      .filter((wait) => wait.kind === 'message')
      .map((wait) => wait.messageName);
    if (messages.length > 0) return `waiting for the message ${messages.join(', ')}, which was not given`;
    if (this.result.incidents.length > 0) return 'an incident stopped the run';
    return 'nothing more can happen';
  }
}
