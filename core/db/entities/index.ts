import { AuditEvent } from './audit-event.entity';
import { Complaint } from './complaint.entity';
import { Customer } from './customer.entity';
import { HumanTask } from './human-task.entity';
import { OutboundMessage } from './outbound-message.entity';
import { ProcessDefinition } from './process-definition.entity';
import { StaffGroup } from './staff-group.entity';
import { StaffUser } from './staff-user.entity';
import { TimelineEntry } from './timeline-entry.entity';
import { Attachment } from './attachment.entity';
import { CustomerMessage } from './customer-message.entity';
import { SurveyResponse } from './survey-response.entity';
import { TemplateVersion } from './template-version.entity';
import { ComplaintNote } from './complaint-note.entity';
import { CalendarHoliday } from './calendar-holiday.entity';
import { ComplaintClockEvent } from './complaint-clock-event.entity';
import { ProductRegulation } from './product-regulation.entity';
import { WorkingCalendarEntity } from './working-calendar.entity';

export { CHANNELS, COMPLAINT_TYPES, type Channel, type ComplaintType } from './complaint.entity';
export { ROLES, type Role } from './staff-user.entity';
export { Attachment, CustomerMessage, SurveyResponse, TemplateVersion };
export { ComplaintNote };
export { CalendarHoliday, ComplaintClockEvent, ProductRegulation, WorkingCalendarEntity };
export { NOTE_KINDS, type NoteKind } from './complaint-note.entity';
export {
  AuditEvent,
  Complaint,
  Customer,
  HumanTask,
  OutboundMessage,
  ProcessDefinition,
  StaffGroup,
  StaffUser,
  TimelineEntry,
};

/** Every entity, listed explicitly (no globs: works the same under tsx, Jest and compiled dist/). */
export const ENTITIES = [
  AuditEvent,
  Complaint,
  Customer,
  HumanTask,
  OutboundMessage,
  ProcessDefinition,
  StaffGroup,
  StaffUser,
  TimelineEntry,
  Attachment,
  CustomerMessage,
  SurveyResponse,
  TemplateVersion,
  ComplaintNote,
  WorkingCalendarEntity,
  CalendarHoliday,
  ComplaintClockEvent,
  ProductRegulation,
];
