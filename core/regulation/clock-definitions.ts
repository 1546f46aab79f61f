import type { ClockDefinition, ClockEvent, ClockState, Clocks } from '../../workflows/engine/calendar';
import type { ComplaintClockEvent } from '../db/entities';
import type { JurisdictionProfile, ProfileClock } from './profile.schema';

/** A profile clock in the engine's shape (what the `clocks` process variable holds besides events). */
export function clockDefinitionOf(clock: ProfileClock): ClockDefinition {
  return {
    label: clock.label,
    budget: clock.budget,
    ...(clock.endOfDay ? { endOfDay: true } : {}),
    ...(clock.warnBefore ? { warnBefore: clock.warnBefore } : {}),
    breachAlert: clock.breachAlert,
    pausable: clock.pausable,
    ...(clock.pauseWhileAwaitingCustomer ? { pauseWhileAwaitingCustomer: true } : {}),
    ...(typeof clock.start === 'object' ? { startOnStage: clock.start.stage } : {}),
    ...(clock.stopOnStage ? { stopOnStage: clock.stopOnStage } : {}),
  };
}

/** A stored event in the engine's shape. */
export function clockEventOf(
  row: Pick<ComplaintClockEvent, 'eventKey' | 'kind' | 'at' | 'reason' | 'budget' | 'actor'>,
): ClockEvent {
  return {
    id: row.eventKey,
    kind: row.kind,
    at: new Date(row.at).getTime(),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.budget ? { budget: row.budget } : {}),
    actor: row.actor,
  };
}

/** Every clock of the profile with its recorded events (stored events of clocks the profile lacks are left out). */
export function clocksOf(profile: JurisdictionProfile, rows: readonly ComplaintClockEvent[]): Clocks {
  return Object.fromEntries(
    Object.entries(profile.clocks).map(([key, clock]): [string, ClockState] => [
      key,
      { ...clockDefinitionOf(clock), events: rows.filter((r) => r.clock === key).map(clockEventOf) },
    ]),
  );
}
