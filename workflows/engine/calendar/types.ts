/**
 * Plain-JSON shapes of working calendars and deadline clocks. They travel in process variables
 * (`calendar`, `clocks`), so they hold no Dates and no functions: instants are epoch millis, days are
 * `YYYY-MM-DD` texts in the calendar's time zone.
 */

/** Days of the week as JavaScript numbers them: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A working calendar: which local days are worked, in which time zone. */
export interface WorkingCalendar {
  /** Key of the calendar row it came from (`gb-eaw`, `ir`), for messages and audit; optional. */
  key?: string;
  /** Non-working days of every week, e.g. `[0, 6]` (Saturday and Sunday) or `[5]` (Friday). */
  weekend: number[];
  /** Non-working dates (`YYYY-MM-DD`, local to `timeZone`). */
  holidays: string[];
  /** IANA zone (`Europe/London`), `UTC`, or a fixed offset (`+03:30`). */
  timeZone: string;
}

/** What can happen to a clock. */
export const CLOCK_EVENT_KINDS = ['start', 'pause', 'resume', 'stop', 'extend'] as const;
export type ClockEventKind = (typeof CLOCK_EVENT_KINDS)[number];

/** One recorded change of a clock (the clock is event-sourced: its state is derived from these). */
export interface ClockEvent {
  /** Unique within the complaint, so a repeated delivery is applied once. */
  id: string;
  kind: ClockEventKind;
  /** Epoch millis at which it happened. */
  at: number;
  /** Why: required for a pause (e.g. `waiting_for_customer`), an extension, a manual stop. */
  reason?: string;
  /** `extend`: the new total budget (`P35BD`, `P60D`). */
  budget?: string;
  /** Who: `user:<id>`, `system`, `workflow`. */
  actor?: string;
}

/** How a clock is configured: its budget and what it reacts to. */
export interface ClockDefinition {
  /** Human name shown to staff. */
  label?: string;
  /**
   * Time allowed: `P<n>BD` business days on the calendar, or an ISO 8601 duration (`PT24H`, `P30D`,
   * `P8W`, `P6M`) of calendar time.
   */
  budget: string;
  /** The deadline is the end of the local day on which the budget runs out ("by close of business"). */
  endOfDay?: boolean;
  /** A warning goes out this long before the deadline (same syntax as `budget`). */
  warnBefore?: string;
  /** Staff are told at the breach moment (default true). */
  breachAlert?: boolean;
  /** May it pause (waiting for the customer)? Default true. */
  pausable?: boolean;
  /**
   * The regime lets it stop while the complaint waits for the customer's answer ("stop the clock"):
   * staff asking the customer a question (message `infoRequested`) pauses it, the customer's reply
   * (`customerReplied`) resumes it. Default false.
   */
  pauseWhileAwaitingCustomer?: boolean;
  /** The engine starts it when the complaint enters this stage (e.g. `resolution` for the ombudsman window). */
  startOnStage?: string;
  /** The engine stops it when the complaint enters this stage (e.g. `resolution`). */
  stopOnStage?: string;
}

/** A clock as carried in the process variables: its definition and everything that happened to it. */
export interface ClockState extends ClockDefinition {
  events: ClockEvent[];
}

/** The process variable `clocks`: clock key → state. */
export type Clocks = Record<string, ClockState>;

/** Where a clock stands. */
export type ClockPhase = 'notStarted' | 'running' | 'paused' | 'stopped';

/** A clock evaluated at an instant: everything staff, alerts and timers need, derived from its events. */
export interface ClockStatus {
  phase: ClockPhase;
  /** The budget in force (the last valid extension, else the definition's). */
  budget: string;
  /** `business`: only working days count; `calendar`: every day counts. */
  measure: 'business' | 'calendar';
  startedAt?: number;
  stoppedAt?: number;
  /** Running time used, in millis of the measure (a business day is 24 h of a working day). */
  elapsed: number;
  /** Budget left, in millis of the measure; negative once overdue. */
  remaining: number;
  /** Working days and calendar days used (running time only), as fractions. */
  elapsedBusinessDays: number;
  elapsedCalendarDays: number;
  /** Wall-clock time spent paused. */
  pausedFor: number;
  /**
   * The deadline while running; when stopped, the deadline it had last ran against. Undefined while
   * paused (it moves) or before the start.
   */
  dueAt?: number;
  /** Overdue now (running), or it was when it paused or stopped. */
  breached: boolean;
}
