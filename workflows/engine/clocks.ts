/**
 * Deadline clocks inside the interpreter. A complaint carries its working calendar and its clocks as
 * process variables (`calendar`, `clocks`, set at intake from the jurisdiction profile), so the engine
 * stays pure: business-day timers (`P15BD`) and clock timers (`clock:finalResponse-P5BD`) are computed
 * from them, clocks start and stop on the stages their definitions name, and after every event the
 * timers that follow a clock are re-armed when its deadline moved (a pause, a resume, an extension).
 */
import {
  addBusinessDays,
  CalendarError,
  clockPhase,
  clockTimerFireAt,
  isBusinessDuration,
  isClockTimer,
  orderedEvents,
  parseClockDuration,
  withClockEvent,
  type ClockEvent,
  type Clocks,
  type WorkingCalendar,
} from './calendar';
import { newId, openWait, removeWait, setVariable, type RunContext } from './context';
import { TimerExpressionError } from './errors';
import type { FeelVariables } from './feel';
import type { Wait } from './types';

/** The calendar of a complaint that has none: Saturday and Sunday off, no holidays, UTC. */
export const DEFAULT_CALENDAR: WorkingCalendar = { weekend: [0, 6], holidays: [], timeZone: 'UTC' };

/** The `calendar` variable, or the default calendar when it is absent or not a calendar. */
export function calendarOf(variables: FeelVariables): WorkingCalendar {
  const value = variables.calendar as Partial<WorkingCalendar> | null | undefined;
  if (
    !value ||
    typeof value !== 'object' ||
    !Array.isArray(value.weekend) ||
    typeof value.timeZone !== 'string'
  )
    return DEFAULT_CALENDAR;
  return {
    ...value,
    weekend: value.weekend,
    timeZone: value.timeZone,
    holidays: Array.isArray(value.holidays) ? value.holidays : [],
  };
}

/** The `clocks` variable (clock key → definition and events), or none. */
export function clocksOf(variables: FeelVariables): Clocks {
  const value = variables.clocks;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Clocks) : {};
}

/**
 * Resolves a business-day duration or a clock timer armed at `now`; undefined when the text is
 * neither (an ISO 8601 timer). A clock timer whose clock is not running has no `fireAt`.
 * @throws TimerExpressionError
 */
export function armCalendarTimer(
  text: string,
  variables: FeelVariables,
  now: number,
): { fireAt?: number; clock?: string } | undefined {
  const trimmed = text.trim();
  try {
    if (isBusinessDuration(trimmed)) {
      const duration = parseClockDuration(trimmed);
      const days = duration.measure === 'business' ? duration.days : 0;
      return { fireAt: addBusinessDays(now, days, calendarOf(variables)) };
    }
    if (isClockTimer(trimmed)) {
      const fireAt = clockTimerFireAt(trimmed, clocksOf(variables), calendarOf(variables));
      return fireAt === undefined ? { clock: trimmed } : { fireAt, clock: trimmed };
    }
  } catch (error) {
    if (error instanceof CalendarError) throw new TimerExpressionError(text, error.message);
    throw error;
  }
  return undefined;
}

/** Applies a clock change; false (nothing changed) for an unknown clock or an event it does not take. */
export function changeClock(ctx: RunContext, name: string, change: ClockEvent): boolean {
  const clocks = clocksOf(ctx.state.variables);
  const clock = Object.prototype.hasOwnProperty.call(clocks, name) ? clocks[name] : undefined;
  if (!clock) return false;
  const next = withClockEvent(clock, change);
  if (!next.clock) return false;
  setVariable(ctx, 'clocks', { ...clocks, [name]: next.clock });
  ctx.commands.push({
    type: 'clockChanged',
    clock: name,
    change: next.clock.events[next.clock.events.length - 1]!,
  });
  return true;
}

/**
 * End of every event: clocks whose `startOnStage` / `stopOnStage` was entered start or stop (in the
 * order the stages were entered), then clock timers are re-armed where their deadline moved.
 */
export function settleClocks(ctx: RunContext): void {
  if (Object.keys(clocksOf(ctx.state.variables)).length === 0) return;
  const stages = ctx.commands.flatMap((c) => (c.type === 'stageChanged' ? [c.to] : []));
  for (const stage of stages) {
    for (const [name, clock] of Object.entries(clocksOf(ctx.state.variables)).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      const kinds: ClockEvent['kind'][] = [];
      if (clock.startOnStage === stage) kinds.push('start');
      if (clock.stopOnStage === stage) kinds.push('stop');
      for (const kind of kinds) {
        const event = { kind, at: ctx.now, reason: `stage ${stage}`, actor: 'workflow' };
        // Only take an id for an event the clock accepts, so ids stay the same on replay.
        const current = clocksOf(ctx.state.variables)[name];
        if (current && withClockEvent(current, { ...event, id: '' }).clock)
          changeClock(ctx, name, { ...event, id: newId(ctx, 'c') });
      }
    }
  }
  rescheduleClockTimers(ctx);
}

function rescheduleClockTimers(ctx: RunContext): void {
  const clocks = clocksOf(ctx.state.variables);
  const calendar = calendarOf(ctx.state.variables);
  for (const wait of ctx.state.waits.filter((w) => w.kind === 'timer' && w.clock !== undefined)) {
    let fireAt: number | undefined;
    try {
      fireAt = clockTimerFireAt(wait.clock!, clocks, calendar);
    } catch {
      continue; // the clock vanished from the variables: keep the timer as it was armed
    }
    if (fireAt === wait.fireAt) continue;
    removeWait(ctx.state, wait.id);
    if (wait.fireAt !== undefined)
      ctx.commands.push({ type: 'cancel', waitId: wait.id, kind: 'timer', elementId: wait.elementId });
    const { id: _old, fireAt: _was, ...rest } = wait;
    const next: Omit<Wait, 'id'> = fireAt === undefined ? rest : { ...rest, fireAt };
    const replaced = openWait(ctx, next);
    if (fireAt !== undefined)
      ctx.commands.push({ type: 'startTimer', waitId: replaced.id, elementId: wait.elementId, fireAt });
  }
}

/** The message the workflow gets when staff ask the customer a question (web/staff/info-request.service.ts). */
export const INFO_REQUESTED_MESSAGE = 'infoRequested';
/** The message a customer's reply reaches the workflow as (core/intake/customer-message.service.ts). */
export const CUSTOMER_REPLIED_MESSAGE = 'customerReplied';
/** The reason of a pause while the customer is asked for information (one of the staff page's reasons too). */
export const AWAITING_CUSTOMER_REASON = 'waiting_for_customer';

/** A pause or resume a customer message implies for one clock. */
export interface AwaitingCustomerChange {
  clock: string;
  kind: 'pause' | 'resume';
  reason: string;
}

const pausedForCustomer = (reason: string | undefined): boolean =>
  reason === AWAITING_CUSTOMER_REASON || (reason ?? '').startsWith(`${AWAITING_CUSTOMER_REASON}:`);

/**
 * "Stop the clock while awaiting the customer", for clocks whose regime allows it
 * (`pauseWhileAwaitingCustomer`): a question staff sent (`infoRequested`; not one that reached nobody,
 * `infoRequestSent: false`) pauses each such running clock; the customer's reply (`customerReplied`)
 * resumes each such clock whose pause was for the customer (a pause for a third party stays). Clocks in
 * key order, so the workflow applies them the same way on every replay.
 */
export function awaitingCustomerChanges(
  clocks: Clocks,
  message: string,
  variables: Record<string, unknown>,
): AwaitingCustomerChange[] {
  const asked = message === INFO_REQUESTED_MESSAGE && variables.infoRequestSent !== false;
  const replied = message === CUSTOMER_REPLIED_MESSAGE;
  if (!asked && !replied) return [];
  return Object.keys(clocks)
    .sort()
    .flatMap((key): AwaitingCustomerChange[] => {
      const clock = clocks[key]!;
      if (!clock.pauseWhileAwaitingCustomer || clock.pausable === false) return [];
      const phase = clockPhase(clock);
      if (asked && phase === 'running')
        return [{ clock: key, kind: 'pause', reason: AWAITING_CUSTOMER_REASON }];
      if (replied && phase === 'paused') {
        const pause = orderedEvents(clock.events)
          .filter((e) => e.kind === 'pause')
          .pop();
        if (pausedForCustomer(pause?.reason))
          return [{ clock: key, kind: 'resume', reason: 'customer replied' }];
      }
      return [];
    });
}
