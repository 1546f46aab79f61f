/**
 * Deadline clocks, event-sourced: a clock's whole state (phase, time used, time left, deadline, breach)
 * is derived from its recorded events and the working calendar, by the pure functions here. The
 * workflow, the web app and the reports all call them, so they can never disagree.
 */
import { durationMillis, measureBetween, advance, parseClockDuration } from './budget';
import { CalendarError } from './errors';
import type { ClockEvent, ClockPhase, ClockState, ClockStatus, WorkingCalendar } from './types';
import { businessMillisBetween, endOfLocalDay } from './working-days';
import { DAY } from './zone';

/** One stretch of running time. */
interface Segment {
  from: number;
  to: number;
}

/** The events folded in order: what the clock went through. */
interface Folded {
  phase: ClockPhase;
  budget: string;
  startedAt?: number;
  stoppedAt?: number;
  /** Closed running stretches. */
  segments: Segment[];
  /** Start of the open running stretch (phase running). */
  runningSince?: number;
  /** Start of the open pause (phase paused). */
  pausedSince?: number;
  pausedFor: number;
  lastAt?: number;
}

/** Events in time order (recording order breaks ties), each id once. */
export function orderedEvents(events: readonly ClockEvent[]): ClockEvent[] {
  const seen = new Set<string>();
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event)
    .filter((event) => (seen.has(event.id) ? false : (seen.add(event.id), true)));
}

/**
 * Why the clock cannot take this event now (undefined when it can): a clock starts once, pauses only
 * while running (and only when it may pause, with a reason), resumes only while paused, stops once,
 * and is extended only before it stops, to a valid budget.
 */
export function refusalOf(
  clock: ClockState,
  event: Pick<ClockEvent, 'kind' | 'reason' | 'budget'>,
): string | undefined {
  const { phase } = fold(clock);
  switch (event.kind) {
    case 'start':
      return phase === 'notStarted' ? undefined : 'the clock has already started';
    case 'pause':
      if (clock.pausable === false) return 'this clock may not be paused';
      if (!event.reason?.trim()) return 'a pause needs a reason';
      return phase === 'running' ? undefined : `the clock is ${describe(phase)}, not running`;
    case 'resume':
      return phase === 'paused' ? undefined : `the clock is ${describe(phase)}, not paused`;
    case 'stop':
      return phase === 'running' || phase === 'paused' ? undefined : `the clock is ${describe(phase)}`;
    case 'extend': {
      if (phase === 'stopped') return 'the clock has stopped';
      if (!event.reason?.trim()) return 'an extension needs a reason';
      try {
        parseClockDuration(event.budget ?? '');
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    }
  }
}

/** The clock's phase after all its events. */
export function clockPhase(clock: ClockState): ClockPhase {
  return fold(clock).phase;
}

/**
 * Evaluates a clock at `now` (epoch millis; taken as at least its last event's time).
 * @throws CalendarError when its budget or the calendar cannot be used.
 */
export function evaluateClock(clock: ClockState, calendar: WorkingCalendar, now: number): ClockStatus {
  const f = fold(clock);
  const at = Math.max(now, f.lastAt ?? now);
  const parsed = parseClockDuration(f.budget);
  const measure = parsed.measure;
  const budgetMillis = durationMillis(parsed, f.startedAt ?? at, calendar);
  const segments =
    f.runningSince === undefined ? f.segments : [...f.segments, { from: f.runningSince, to: at }];
  const used = (list: Segment[], how: 'business' | 'calendar'): number =>
    list.reduce((sum, s) => sum + measureBetween(s.from, s.to, how, calendar), 0);
  const elapsed = used(segments, measure);
  const pausedFor = f.pausedFor + (f.pausedSince === undefined ? 0 : at - f.pausedSince);
  const base: ClockStatus = {
    phase: f.phase,
    budget: f.budget,
    measure,
    ...(f.startedAt === undefined ? {} : { startedAt: f.startedAt }),
    ...(f.stoppedAt === undefined ? {} : { stoppedAt: f.stoppedAt }),
    elapsed,
    remaining: budgetMillis - elapsed,
    elapsedBusinessDays:
      segments.reduce((s, g) => s + businessMillisBetween(g.from, g.to, calendar), 0) / DAY,
    elapsedCalendarDays: used(segments, 'calendar') / DAY,
    pausedFor,
    breached: false,
  };
  const last = segments[segments.length - 1];
  if (!last) return base;
  // The deadline the last running stretch ran against: its start plus what was left of the budget.
  const before = used(segments.slice(0, -1), measure);
  let dueAt = advance(last.from, budgetMillis - before, measure, calendar);
  if (clock.endOfDay) dueAt = endOfLocalDay(dueAt, calendar.timeZone);
  if (f.phase === 'paused') return { ...base, breached: last.to > dueAt };
  const remaining =
    dueAt >= last.to
      ? measureBetween(last.to, dueAt, measure, calendar)
      : -measureBetween(dueAt, last.to, measure, calendar);
  const breached = f.phase === 'running' ? at >= dueAt : last.to > dueAt;
  return { ...base, dueAt, remaining, breached };
}

/**
 * The deadline of a running clock, undefined otherwise. It depends only on the events (not on the
 * time of asking), so a timer armed on it never moves until the clock changes.
 */
export function clockDueAt(clock: ClockState, calendar: WorkingCalendar): number | undefined {
  const f = fold(clock);
  if (f.phase !== 'running' || f.lastAt === undefined) return undefined;
  return evaluateClock(clock, calendar, f.lastAt).dueAt;
}

/** Adds an event when the clock takes it; returns the new clock, or undefined (and why) when it does not. */
export function withClockEvent(
  clock: ClockState,
  event: ClockEvent,
): { clock: ClockState; refusal?: undefined } | { clock?: undefined; refusal: string } {
  if (clock.events.some((e) => e.id === event.id)) return { refusal: 'this event was already recorded' };
  const refusal = refusalOf(clock, event);
  if (refusal !== undefined) return { refusal };
  // Never before the last event: clocks of different machines may disagree by a little.
  const lastAt = fold(clock).lastAt ?? event.at;
  return { clock: { ...clock, events: [...clock.events, { ...event, at: Math.max(event.at, lastAt) }] } };
}

function fold(clock: ClockState): Folded {
  const f: Folded = { phase: 'notStarted', budget: clock.budget, segments: [], pausedFor: 0 };
  for (const e of orderedEvents(clock.events ?? [])) {
    f.lastAt = e.at;
    switch (e.kind) {
      case 'start':
        if (f.phase === 'notStarted')
          Object.assign(f, { phase: 'running', startedAt: e.at, runningSince: e.at });
        break;
      case 'pause':
        if (f.phase === 'running' && clock.pausable !== false && f.runningSince !== undefined) {
          f.segments.push({ from: f.runningSince, to: e.at });
          Object.assign(f, { phase: 'paused', runningSince: undefined, pausedSince: e.at });
        }
        break;
      case 'resume':
        if (f.phase === 'paused' && f.pausedSince !== undefined) {
          f.pausedFor += e.at - f.pausedSince;
          Object.assign(f, { phase: 'running', pausedSince: undefined, runningSince: e.at });
        }
        break;
      case 'stop':
        if (f.phase === 'running' && f.runningSince !== undefined)
          f.segments.push({ from: f.runningSince, to: e.at });
        if (f.phase === 'paused' && f.pausedSince !== undefined) f.pausedFor += e.at - f.pausedSince;
        if (f.phase === 'running' || f.phase === 'paused')
          Object.assign(f, {
            phase: 'stopped',
            stoppedAt: e.at,
            runningSince: undefined,
            pausedSince: undefined,
          });
        break;
      case 'extend':
        if (f.phase !== 'stopped' && e.budget !== undefined && isDuration(e.budget)) f.budget = e.budget;
        break;
    }
  }
  return f;
}

function isDuration(text: string): boolean {
  try {
    parseClockDuration(text);
    return true;
  } catch (error) {
    if (error instanceof CalendarError) return false;
    throw error;
  }
}

function describe(phase: ClockPhase): string {
  return phase === 'notStarted' ? 'not started' : phase;
}
