import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClockEvent } from './engine/calendar/types';
import type { EngineState } from './engine/types';

/** Who is calling an Update: the web app authenticates the user and passes this along. */
export interface Actor {
  userId: string;
  username: string;
  roles: string[];
  groups: string[];
}

/** An open user task as the workflow knows it. */
export interface OpenTask {
  waitId: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee?: string;
  form?: unknown;
  dueAt?: number;
}

export interface CompleteTaskInput {
  waitId: string;
  data: Record<string, unknown>;
  actor: Actor;
}

export interface CompleteTaskResult {
  stage?: string;
  completed: boolean;
  openTasks: OpenTask[];
}

export interface Incident {
  waitId: string;
  elementId: string;
  message: string;
  at: number;
}

export interface ComplaintState {
  complaintId: string;
  trackingCode: string;
  processKey: string;
  processVersion: number;
  stage?: string;
  completed: boolean;
  activeElements: string[];
  openTasks: OpenTask[];
  incidents: Incident[];
  variables: Record<string, unknown>;
}

/** Completes a human task; validated (task open, caller allowed, form data valid) before it is accepted. */
export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskInput]>('completeTask');

/** A customer (or the mailbox, or staff on the customer's behalf) sends a BPMN message, e.g. `surveyAnswered`. */
export const customerMessageSignal =
  defineSignal<[{ name: string; variables: Record<string, unknown> }]>('customerMessage');

/** Staff retry of a failed service task (an incident). */
export const retryIncidentUpdate = defineUpdate<{ retried: boolean }, [{ waitId: string; actor: Actor }]>(
  'retryIncident',
);

/**
 * A deadline clock changed (staff paused it while waiting for the customer, resumed, extended or
 * stopped it). Sent after the change is recorded in `complaint_clock_event`; the workflow applies it to
 * the `clocks` variable (once per event id) so timers and alerts that follow the clock move.
 */
export const clockSignal = defineSignal<[{ clock: string; change: ClockEvent }]>('clockChanged');

/**
 * Moves a running complaint to another deployed version of its process, keeping its state. Refused
 * when an element the complaint holds (token, open task, armed timer, enclosing sub-process) is
 * missing or different in the target. Asking again for the version it is already on is a no-op.
 */
export const migrateVersionUpdate = defineUpdate<
  { processVersion: number },
  [{ processDefinitionId: string; processVersion: number; actor: Actor }]
>('migrateVersion');

/** The current state for the web app; a query handler must not mutate state. */
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');

/** Workflow input. `carried` is set only by continue-as-new. */
export interface ComplaintWorkflowInput {
  complaintId: string;
  trackingCode: string;
  processDefinitionId: string;
  processKey: string;
  processVersion: number;
  variables: Record<string, unknown>;
  /** Continue-as-new once the run's history reaches this many events (besides Temporal's own suggestion). */
  continueAsNewAfterEvents?: number;
  carried?: {
    engine: EngineState;
    openTasks: OpenTask[];
    incidents: Incident[];
    timelineSeq: number;
    /** Keys of the deadline alerts (warnings, breaches) already raised. */
    clockAlerts?: string[];
  };
}

/** Business id as workflow id: one workflow per complaint, never two. */
export const complaintWorkflowId = (complaintId: string): string => `complaint-${complaintId}`;
