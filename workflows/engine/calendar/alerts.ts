/**
 * Warnings before a clock's deadline and the alert at the breach moment. Pure: the workflow asks which
 * alerts are due and when the next one is, and remembers the keys of those it has raised.
 */
import { shiftBy, parseClockDuration } from './budget';
import { clockDueAt, evaluateClock } from './clock';
import type { Clocks, WorkingCalendar } from './types';

/** One alert of one clock. Its key changes when the budget does, so an extension brings new alerts. */
export interface ClockAlert {
  key: string;
  clock: string;
  kind: 'warning' | 'breach';
  /** When it is due. */
  at: number;
  /** The clock's deadline. */
  dueAt: number;
  label?: string;
}

/** Every alert of the running clocks not raised yet, earliest first. */
export function pendingClockAlerts(
  clocks: Clocks,
  calendar: WorkingCalendar,
  raised: ReadonlySet<string>,
): ClockAlert[] {
  const alerts: ClockAlert[] = [];
  for (const [name, clock] of Object.entries(clocks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dueAt = clockDueAt(clock, calendar);
    if (dueAt === undefined) continue;
    const { budget } = evaluateClock(clock, calendar, dueAt);
    const label = clock.label === undefined ? {} : { label: clock.label };
    if (clock.warnBefore) {
      const at = shiftBy(dueAt, parseClockDuration(clock.warnBefore), -1, calendar);
      alerts.push({ key: `${name}:warning:${budget}`, clock: name, kind: 'warning', at, dueAt, ...label });
    }
    if (clock.breachAlert !== false)
      alerts.push({
        key: `${name}:breach:${budget}`,
        clock: name,
        kind: 'breach',
        at: dueAt,
        dueAt,
        ...label,
      });
  }
  return alerts.filter((a) => !raised.has(a.key)).sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/**
 * The alerts due at `now`: `raise` them; `skip` holds warnings overtaken by their own breach (a clock
 * that started late), to be remembered as raised without a message.
 */
export function dueClockAlerts(
  clocks: Clocks,
  calendar: WorkingCalendar,
  raised: ReadonlySet<string>,
  now: number,
): { raise: ClockAlert[]; skip: string[] } {
  const due = pendingClockAlerts(clocks, calendar, raised).filter((a) => a.at <= now);
  const breached = new Set(due.filter((a) => a.kind === 'breach').map((a) => a.clock));
  return {
    raise: due.filter((a) => a.kind === 'breach' || !breached.has(a.clock)),
    skip: due.filter((a) => a.kind === 'warning' && breached.has(a.clock)).map((a) => a.key),
  };
}
