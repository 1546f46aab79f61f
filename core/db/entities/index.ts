import { AuditEvent } from './audit-event.entity';
import { Complaint } from './complaint.entity';
import { Customer } from './customer.entity';
import { HumanTask } from './human-task.entity';
import { OutboundMessage } from './outbound-message.entity';
import { ProcessDefinition } from './process-definition.entity';
import { StaffGroup } from './staff-group.entity';
import { StaffUser } from './staff-user.entity';
import { TimelineEntry } from './timeline-entry.entity';

export { CHANNELS, COMPLAINT_TYPES, type Channel, type ComplaintType } from './complaint.entity';
export { ROLES, type Role } from './staff-user.entity';
export { AuditEvent, Complaint, Customer, HumanTask, OutboundMessage, ProcessDefinition, StaffGroup, StaffUser, TimelineEntry };

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
];
