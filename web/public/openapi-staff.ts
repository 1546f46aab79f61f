import { z } from 'zod';
import { ROLES } from '../../core/db/entities';
import { inboxQuerySchema } from '../../core/tasks/inbox.service';
import {
  groupKey,
  groupPatchSchema,
  newGroupSchema,
  newUserSchema,
  userPatchSchema,
} from '../staff/admin.controller';
import { retrySchema } from '../staff/incidents.controller';
import {
  listSchema,
  noteSchema,
  questionSchema,
  staffComplaintSchema,
} from '../staff/staff-complaints.controller';
import { completeSchema, reassignSchema } from '../staff/tasks.controller';
import {
  download,
  isoDate,
  json,
  jsonBody,
  operation,
  paramsOf,
  pathParam,
  problem,
  schema,
  uuidParam,
  type OpenApiObject,
} from './openapi-common';

const nullableDate = isoDate.nullable();
const task = z.looseObject({
  id: z.uuid(),
  complaintId: z.uuid(),
  waitId: z.string(),
  elementId: z.string(),
  name: z.string(),
  candidateGroups: z.array(z.string()),
  assignee: z.string().nullable(),
  status: z.enum(['open', 'completed', 'cancelled']),
  dueAt: nullableDate,
  createdAt: isoDate,
});
const inboxTask = z.looseObject({
  id: z.uuid(),
  complaintId: z.uuid(),
  trackingCode: z.string(),
  subject: z.string(),
  name: z.string(),
  assignee: z.string().nullable(),
  dueAt: nullableDate,
  overdue: z.boolean(),
});
const inboxPage = z.looseObject({
  query: z.looseObject({}),
  tasks: z.array(inboxTask),
  matching: z.number().int(),
  hasMore: z.boolean(),
  counts: z.looseObject({ total: z.number().int() }),
});
const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
  locale: z.string(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: isoDate,
});
const group = z.object({
  key: z.string(),
  name: z.string(),
  members: z.number().int(),
  openTasks: z.number().int(),
});
const note = z.looseObject({
  id: z.uuid(),
  complaintId: z.uuid(),
  kind: z.string(),
  body: z.string(),
  authorName: z.string(),
  createdAt: isoDate,
});
const complaintListItem = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  subject: z.string(),
  stage: z.string(),
  status: z.string(),
  createdAt: isoDate,
});
const incident = z.object({
  complaintId: z.uuid(),
  trackingCode: z.string(),
  subject: z.string(),
  department: z.string().nullable(),
  waitId: z.string(),
  elementId: z.string(),
  message: z.string(),
  at: isoDate,
  confirmed: z.boolean(),
});

const taskId = uuidParam('id', 'The task');
const taskAnswer = (description: string) => json(z.object({ task }), description);
const noTask = problem('No such task, or not one you may see');
const taskConflict = problem('The task is not open, or someone else holds it');
const userId = uuidParam('id', 'The member of staff');
const groupKeyParam = pathParam('key', schema(groupKey, 'input'), 'The group');
const complaintId = uuidParam('id', 'The complaint');

/** The staff workspace's API: the task inbox, tasks, complaints, incidents, users and groups. */
export function staffPaths(): Record<string, OpenApiObject> {
  return {
    '/api/tasks': {
      get: operation({
        tags: ['tasks'],
        summary: 'The task inbox: one page of open tasks with counts per filter',
        access: 'staff',
        parameters: paramsOf(inboxQuerySchema, 'query'),
        responses: { 200: json(inboxPage, 'The page') },
      }),
    },
    '/api/tasks/stream': {
      get: operation({
        tags: ['tasks'],
        summary: 'Server-Sent Events: a `task` event whenever a task the viewer may see changes',
        description: 'Never ends while the client listens; not something to fuzz.',
        access: 'staff',
        responses: { 200: download('text/event-stream', 'The event stream') },
      }),
    },
    '/api/tasks/{id}': {
      get: operation({
        tags: ['tasks'],
        summary: 'One task with its complaint and what the viewer may do with it',
        access: 'staff',
        parameters: [taskId],
        responses: {
          200: json(
            z.object({
              task,
              complaint: z.looseObject({ id: z.uuid(), trackingCode: z.string() }),
              mayClaim: z.boolean(),
              mayComplete: z.boolean(),
            }),
            'The task',
          ),
          404: noTask,
        },
      }),
    },
    '/api/tasks/{id}/claim': {
      post: operation({
        tags: ['tasks'],
        summary: 'Claim a task',
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [taskId],
        responses: { 200: taskAnswer('Claimed'), 404: noTask, 409: taskConflict },
      }),
    },
    '/api/tasks/{id}/unclaim': {
      post: operation({
        tags: ['tasks'],
        summary: 'Give a claimed task back to its groups',
        access: 'staffWrite',
        parameters: [taskId],
        responses: { 200: taskAnswer('Released'), 404: noTask, 409: taskConflict },
      }),
    },
    '/api/tasks/{id}/reassign': {
      post: operation({
        tags: ['tasks'],
        summary: 'Give a task to another member of staff',
        access: 'staffWrite',
        roles: 'approver, admin',
        parameters: [taskId],
        requestBody: jsonBody(reassignSchema),
        responses: {
          200: taskAnswer('Reassigned'),
          404: problem('No such task or member of staff'),
          409: taskConflict,
          422: problem('That member of staff may not work this task'),
        },
      }),
    },
    '/api/tasks/{id}/complete': {
      post: operation({
        tags: ['tasks'],
        summary: "Complete a task with its form's data (through the complaint's workflow)",
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [taskId],
        requestBody: jsonBody(completeSchema),
        responses: {
          200: json(z.looseObject({ ok: z.literal(true) }), 'Completed'),
          404: noTask,
          409: taskConflict,
          422: problem('The form data is not valid for this task'),
          503: problem('The workflow could not be reached'),
        },
      }),
    },
    '/api/staff/complaints': {
      get: operation({
        tags: ['complaints'],
        summary: 'Complaints the viewer may see, newest first, with a text search',
        access: 'staff',
        parameters: paramsOf(listSchema, 'query'),
        responses: {
          200: json(z.object({ items: z.array(complaintListItem), hasMore: z.boolean() }), 'One page'),
        },
      }),
      post: operation({
        tags: ['complaints'],
        summary: "Enter a complaint on a customer's behalf (phone, in person, letter)",
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        requestBody: jsonBody(staffComplaintSchema),
        responses: {
          201: json(z.object({ id: z.uuid(), trackingCode: z.string(), stage: z.string() }), 'Created'),
          503: problem('No complaint process is deployed'),
        },
      }),
    },
    '/api/staff/complaints/{id}': {
      get: operation({
        tags: ['complaints'],
        summary: 'Everything about one complaint: customer, trail, tasks, messages, notes, live state',
        access: 'staff',
        parameters: [complaintId],
        responses: {
          200: json(
            z.looseObject({
              complaint: z.looseObject({ id: z.uuid() }),
              customer: z.looseObject({ id: z.uuid() }),
              timeline: z.array(z.looseObject({})),
              openTasks: z.array(task),
              notes: z.array(note),
            }),
            'The complaint',
          ),
          404: problem('No such complaint, or not one you may see'),
        },
      }),
    },
    '/api/staff/complaints/{id}/notes': {
      post: operation({
        tags: ['complaints'],
        summary: 'Add an internal note',
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [complaintId],
        requestBody: jsonBody(noteSchema),
        responses: {
          201: json(z.object({ note }), 'Added'),
          404: problem('No such complaint, or not one you may see'),
        },
      }),
    },
    '/api/staff/complaints/{id}/info-requests': {
      post: operation({
        tags: ['complaints'],
        summary:
          'Ask the customer a question (sent by email or SMS; their answer comes back to the complaint)',
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [complaintId],
        requestBody: jsonBody(questionSchema),
        responses: {
          201: json(
            z.object({
              note,
              delivery: z.looseObject({ channel: z.string().nullable() }),
              signalled: z.boolean(),
            }),
            'Asked',
          ),
          404: problem('No such complaint, or not one you may see'),
          409: problem('The complaint is closed'),
        },
      }),
    },
    '/api/incidents': {
      get: operation({
        tags: ['tasks'],
        summary: 'Service tasks that failed and wait for a person',
        access: 'staff',
        roles: 'agent, approver, process_owner, compliance, admin',
        responses: { 200: json(z.object({ incidents: z.array(incident) }), 'The list') },
      }),
    },
    '/api/incidents/retry': {
      post: operation({
        tags: ['tasks'],
        summary: 'Retry a failed service task',
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        requestBody: jsonBody(retrySchema),
        responses: {
          200: json(z.object({ retried: z.boolean() }), 'Retried'),
          404: problem('No such complaint, or not one you may see'),
          409: problem('The incident is not open any more'),
          503: problem('The workflow could not be reached'),
        },
      }),
    },
    '/api/admin/users': {
      get: operation({
        tags: ['admin'],
        summary: 'Every member of staff',
        access: 'staff',
        roles: 'compliance, admin',
        responses: { 200: json(z.object({ users: z.array(user) }), 'The list') },
      }),
      post: operation({
        tags: ['admin'],
        summary: 'Create a member of staff (the answer carries a one-time password, once)',
        access: 'staffWrite',
        roles: 'admin',
        requestBody: jsonBody(newUserSchema),
        responses: {
          201: json(z.object({ user, oneTimePassword: z.string() }), 'Created'),
          409: problem('Someone has this email address already'),
          422: problem('A group does not exist'),
        },
      }),
    },
    '/api/admin/users/{id}': {
      get: operation({
        tags: ['admin'],
        summary: 'One member of staff',
        access: 'staff',
        roles: 'compliance, admin',
        parameters: [userId],
        responses: { 200: json(z.object({ user }), 'Found'), 404: problem('No such member of staff') },
      }),
      patch: operation({
        tags: ['admin'],
        summary: 'Change name, roles, groups, language, or deactivate',
        access: 'staffWrite',
        roles: 'admin',
        parameters: [userId],
        requestBody: jsonBody(userPatchSchema),
        responses: {
          200: json(z.object({ user }), 'Changed'),
          404: problem('No such member of staff'),
          409: problem('The change would leave no active admin'),
          422: problem('A group does not exist'),
        },
      }),
    },
    '/api/admin/users/{id}/reset-password': {
      post: operation({
        tags: ['admin'],
        summary: 'Give a member of staff a new one-time password',
        access: 'staffWrite',
        roles: 'admin',
        parameters: [userId],
        responses: {
          200: json(z.object({ user, oneTimePassword: z.string() }), 'Reset'),
          404: problem('No such member of staff'),
        },
      }),
    },
    '/api/admin/groups': {
      get: operation({
        tags: ['admin'],
        summary: 'Every group with its number of members and open tasks',
        access: 'staff',
        roles: 'compliance, admin',
        responses: { 200: json(z.object({ groups: z.array(group) }), 'The list') },
      }),
      post: operation({
        tags: ['admin'],
        summary: 'Create a group',
        access: 'staffWrite',
        roles: 'admin',
        requestBody: jsonBody(newGroupSchema),
        responses: { 201: json(z.object({ group }), 'Created'), 409: problem('The key is taken') },
      }),
    },
    '/api/admin/groups/{key}': {
      patch: operation({
        tags: ['admin'],
        summary: 'Rename a group',
        access: 'staffWrite',
        roles: 'admin',
        parameters: [groupKeyParam],
        requestBody: jsonBody(groupPatchSchema),
        responses: { 200: json(z.object({ group }), 'Renamed'), 404: problem('No such group') },
      }),
      delete: operation({
        tags: ['admin'],
        summary: 'Delete a group nobody is in and no open task waits for',
        access: 'staffWrite',
        roles: 'admin',
        parameters: [groupKeyParam],
        responses: {
          204: { description: 'Deleted' },
          404: problem('No such group'),
          409: problem('The group still has members or open tasks'),
        },
      }),
    },
  };
}
