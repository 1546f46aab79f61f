import { ClockService } from '../../core/regulation/clock.service';
import { RegulationSettingsService } from '../../core/regulation/regulation-settings.service';
import { StaffAdminService } from '../../core/staff/staff-admin.service';
import { StaffService } from '../../core/staff/staff.service';
import { InboxService } from '../../core/tasks/inbox.service';
import { TaskAssignmentService } from '../../core/tasks/task-assignment.service';
import { TaskCompletionService } from '../../core/tasks/task-completion.service';
import type { WebContext } from '../context';
import { ComplaintNotesService } from './complaint-notes.service';
import { ComplaintViewService } from './complaint-view.service';
import { IncidentService } from './incident.service';
import { InfoRequestService } from './info-request.service';
import { TaskEventHub } from './task-events';

/** The services the staff workspace's controllers share; built once per app. */
export interface StaffDeps {
  ctx: WebContext;
  staff: StaffService;
  admin: StaffAdminService;
  inbox: InboxService;
  assignments: TaskAssignmentService;
  completion: TaskCompletionService;
  events: TaskEventHub;
  views: ComplaintViewService;
  notes: ComplaintNotesService;
  infoRequests: InfoRequestService;
  incidents: IncidentService;
  /** The complaint's deadline clocks (shown on the complaint page, paused and resumed there). */
  clocks: ClockService;
  close(): Promise<void>;
}

export function createStaffDeps(ctx: WebContext): StaffDeps {
  const { dataSource, temporal, config } = ctx;
  const events = new TaskEventHub(config.DATABASE_URL ?? '');
  const infoRequests = new InfoRequestService({ dataSource, temporal, config });
  return {
    ctx,
    staff: new StaffService(dataSource),
    admin: new StaffAdminService(dataSource),
    inbox: new InboxService(dataSource),
    assignments: new TaskAssignmentService(dataSource),
    completion: new TaskCompletionService(dataSource, temporal),
    events,
    views: new ComplaintViewService({ dataSource, temporal }),
    notes: new ComplaintNotesService(dataSource),
    infoRequests,
    incidents: new IncidentService({ dataSource, temporal }),
    clocks: new ClockService(dataSource, new RegulationSettingsService(dataSource, config), temporal),
    async close() {
      infoRequests.close();
      await events.close();
    },
  };
}
