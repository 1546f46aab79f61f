import type { ClockAlert, ClockEvent } from '../workflows/engine/calendar';
import { ClockAlertService } from '../core/regulation/clock-alert.service';
import { ClockService } from '../core/regulation/clock.service';
import { RegulationSettingsService } from '../core/regulation/regulation-settings.service';
import type { ActivityDeps } from './deps';

/** Deadline clocks: recording what the workflow applied, and telling staff of warnings and breaches. */
export function regulationActivities(deps: ActivityDeps) {
  const clocks = new ClockService(
    deps.dataSource,
    new RegulationSettingsService(deps.dataSource, deps.config),
  );
  const alerts = new ClockAlertService(deps.dataSource, deps.outbox, deps.config);
  return {
    /** Appends clock events to `complaint_clock_event` (a repeat is a no-op). */
    async recordClockEvents(input: {
      complaintId: string;
      events: { clock: string; change: ClockEvent }[];
    }): Promise<number> {
      return clocks.recordFromWorkflow(input.complaintId, input.events);
    },
    /** Emails the task holders and supervisors about a deadline warning or breach, and audits it. */
    async raiseClockAlert(input: {
      complaintId: string;
      workflowId: string;
      alert: ClockAlert;
    }): Promise<{ notified: string[] }> {
      return alerts.raise(input);
    },
  };
}
