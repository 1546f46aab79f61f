import { z } from 'zod';
import { auditQuerySchema } from '../../core/audit/audit-query.service';
import { DECISIONS } from '../../core/regulation/returns.service';
import { reportQuerySchema } from '../../core/reports/report-filters';
import { complaintSearchSchema } from '../../core/search/complaint-search.schema';
import {
  calendarKeySchema,
  calendarPatchSchema,
  clockActionSchema,
  clockChangeSchema,
  dateParamSchema,
  holidaySchema,
  letterCheckSchema,
  newCalendarSchema,
  outcomeSchema,
  productMappingSchema,
  returnQuerySchema,
} from '../regulation/regulation.schemas';
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

const COMPLIANCE = 'compliance, admin';
const ADMIN = 'admin';

const searchRow = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  createdAt: isoDate,
  customerId: z.uuid(),
  stage: z.string(),
  status: z.string(),
  overdue: z.boolean(),
  breached: z.boolean(),
});
const auditRow = z.object({
  id: z.string(),
  occurredAt: isoDate,
  actor: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  complaintId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
const calendar = z.object({
  key: z.string(),
  name: z.string(),
  weekendDays: z.array(z.number().int()),
  timeZone: z.string(),
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
  updatedAt: isoDate,
});
const productMapping = z.object({
  product: z.string(),
  profileKey: z.string(),
  calendarKey: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: isoDate,
});
const clock = z.looseObject({
  key: z.string(),
  label: z.string(),
  startedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  events: z.array(z.looseObject({ kind: z.string(), at: z.string() })),
});
const letterGap = z.object({
  profile: z.string(),
  kind: z.string(),
  locale: z.string(),
  part: z.enum(['text', 'html']),
  missing: z.array(z.object({ key: z.string(), label: z.string() })),
});

const calendarKey = pathParam('key', schema(calendarKeySchema, 'input'), 'The calendar');
const holidayDate = pathParam('date', schema(dateParamSchema, 'input'), 'The day, YYYY-MM-DD');
const product = pathParam('product', { type: 'string', minLength: 1, maxLength: 200 }, 'The product line');
const complaintId = uuidParam('id', 'The complaint');
const customerId = uuidParam('id', 'The customer');
const noComplaint = problem('No such complaint, or not one you may see');
const noCalendar = problem('No such calendar');
const noCustomer = problem('No customer has this id');

/** Compliance (search, history, audit, customers' data), management reports and regulation. */
export function compliancePaths(): Record<string, OpenApiObject> {
  return {
    '/api/compliance/complaints': {
      get: operation({
        tags: ['compliance'],
        summary: 'Search every complaint (cursor-paged)',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(complaintSearchSchema, 'query'),
        responses: {
          200: json(z.object({ items: z.array(searchRow), nextCursor: z.string().nullable() }), 'One page'),
        },
      }),
    },
    '/api/compliance/complaints/export.csv': {
      get: operation({
        tags: ['compliance'],
        summary: 'The whole search result as CSV',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(complaintSearchSchema, 'query').filter((p) => p.name !== 'cursor'),
        responses: { 200: download('text/csv', 'The CSV file') },
      }),
    },
    '/api/compliance/complaints/{id}/history': {
      get: operation({
        tags: ['compliance'],
        summary: "A complaint's whole history: trail, tasks, messages, audit entries",
        access: 'staff',
        roles: COMPLIANCE,
        parameters: [
          complaintId,
          { name: 'download', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] } },
        ],
        responses: {
          200: json(
            z.looseObject({
              generatedAt: isoDate,
              complaint: z.looseObject({ id: z.uuid() }),
              timeline: z.array(z.looseObject({})),
            }),
            'The history',
          ),
          404: noComplaint,
        },
      }),
    },
    '/api/compliance/audit/verify': {
      get: operation({
        tags: ['compliance'],
        summary: "Recompute the audit log's hash chain",
        access: 'staff',
        roles: COMPLIANCE,
        responses: {
          200: json(
            z.object({
              ok: z.boolean(),
              count: z.number().int(),
              brokenAt: z.string().optional(),
              reason: z.string().optional(),
              verifiedAt: isoDate,
            }),
            'The result',
          ),
        },
      }),
    },
    '/api/compliance/audit': {
      get: operation({
        tags: ['compliance'],
        summary: 'Browse the audit log, newest first',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(auditQuerySchema, 'query'),
        responses: {
          200: json(z.object({ items: z.array(auditRow), nextBefore: z.string().nullable() }), 'One page'),
        },
      }),
    },
    '/api/compliance/audit/export.{format}': {
      get: operation({
        tags: ['compliance'],
        summary: 'Export the audit log (filtered) as CSV or JSON',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: [
          pathParam('format', { type: 'string', enum: ['csv', 'json'] }),
          ...paramsOf(auditQuerySchema, 'query').filter((p) => p.name !== 'before' && p.name !== 'limit'),
        ],
        responses: {
          200: {
            description: 'The export',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': {
                schema: schema(
                  z.object({ exportedAt: isoDate, filters: z.looseObject({}), entries: z.array(auditRow) }),
                ),
              },
            },
          },
        },
      }),
    },
    '/api/compliance/customers/{id}/export': {
      get: operation({
        tags: ['compliance'],
        summary: 'Everything Redress holds about a customer (a subject access request); audited',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: [customerId],
        responses: {
          200: json(
            z.looseObject({
              exportedAt: isoDate,
              customer: z.looseObject({ id: z.uuid() }),
              complaints: z.array(z.looseObject({})),
            }),
            'The data',
          ),
          404: noCustomer,
        },
      }),
    },
    '/api/compliance/customers/{id}/retention': {
      get: operation({
        tags: ['compliance'],
        summary: "Whether a customer's personal data may be pseudonymised yet, and why",
        access: 'staff',
        roles: COMPLIANCE,
        parameters: [customerId],
        responses: {
          200: json(
            z.looseObject({
              customerId: z.uuid(),
              eligible: z.boolean(),
              reason: z.string(),
              complaints: z.number().int(),
              openComplaints: z.number().int(),
            }),
            'The status',
          ),
          404: noCustomer,
        },
      }),
    },
    '/api/compliance/customers/{id}/pseudonymise': {
      post: operation({
        tags: ['compliance'],
        summary: "Replace a customer's personal data with pseudonyms (after the retention period)",
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [customerId],
        requestBody: jsonBody(z.object({ _csrf: z.string().optional() }).strict(), { required: false }),
        responses: {
          200: json(
            z.looseObject({ customerId: z.uuid(), pseudonymisedAt: isoDate, complaints: z.number().int() }),
            'Done',
          ),
          404: noCustomer,
          409: problem('Refused: the retention period has not passed, or a complaint is open'),
        },
      }),
    },
    '/api/reports': {
      get: operation({
        tags: ['compliance'],
        summary: 'Management figures for a period, each with its written definition',
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(reportQuerySchema, 'query'),
        responses: {
          200: json(
            z.looseObject({
              period: z.looseObject({ from: z.string(), to: z.string() }),
              generatedAt: isoDate,
              figures: z.looseObject({}),
            }),
            'The report',
          ),
        },
      }),
    },
    '/api/regulation/profiles': {
      get: operation({
        tags: ['regulation'],
        summary: "Jurisdiction profiles, the organisation's, and those in use",
        access: 'staff',
        responses: {
          200: json(
            z.object({
              organisation: z.object({ profile: z.string(), calendar: z.string().nullable().optional() }),
              inUse: z.array(z.string()),
              profiles: z.array(z.looseObject({ key: z.string() })),
            }),
            'The profiles',
          ),
        },
      }),
    },
    '/api/regulation/products': {
      get: operation({
        tags: ['regulation'],
        summary: 'Product lines mapped to another profile or calendar',
        access: 'staff',
        responses: { 200: json(z.object({ products: z.array(productMapping) }), 'The mappings') },
      }),
    },
    '/api/regulation/products/{product}': {
      put: operation({
        tags: ['regulation'],
        summary: 'Map a product line to a profile (and calendar)',
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [product],
        requestBody: jsonBody(productMappingSchema),
        responses: {
          200: json(z.object({ mapping: productMapping }), 'Mapped'),
          404: problem('No such profile or calendar'),
          422: problem('The mapping is not allowed'),
        },
      }),
      delete: operation({
        tags: ['regulation'],
        summary: 'Remove the mapping of a product line',
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [product],
        responses: { 204: { description: 'Removed' }, 404: problem('The product line is not mapped') },
      }),
    },
    '/api/regulation/calendars': {
      get: operation({
        tags: ['regulation'],
        summary: 'Working calendars',
        access: 'staff',
        responses: { 200: json(z.object({ calendars: z.array(calendar) }), 'The calendars') },
      }),
      post: operation({
        tags: ['regulation'],
        summary: 'Create a working calendar',
        access: 'staffWrite',
        roles: ADMIN,
        requestBody: jsonBody(newCalendarSchema),
        responses: {
          201: json(z.object({ calendar }), 'Created'),
          409: problem('The key is taken'),
          422: problem('Not a time zone, or no working day'),
        },
      }),
    },
    '/api/regulation/calendars/{key}': {
      get: operation({
        tags: ['regulation'],
        summary: 'One working calendar with its holidays',
        access: 'staff',
        parameters: [calendarKey],
        responses: { 200: json(z.object({ calendar }), 'The calendar'), 404: noCalendar },
      }),
      patch: operation({
        tags: ['regulation'],
        summary: 'Change name, weekend days or time zone',
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [calendarKey],
        requestBody: jsonBody(calendarPatchSchema),
        responses: {
          200: json(z.object({ calendar }), 'Changed'),
          404: noCalendar,
          422: problem('Not a time zone, or no working day'),
        },
      }),
    },
    '/api/regulation/calendars/{key}/holidays/{date}': {
      put: operation({
        tags: ['regulation'],
        summary: 'Add or rename a holiday',
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [calendarKey, holidayDate],
        requestBody: jsonBody(holidaySchema.omit({ date: true })),
        responses: { 200: json(z.object({ calendar }), 'Saved'), 404: noCalendar },
      }),
      delete: operation({
        tags: ['regulation'],
        summary: 'Remove a holiday',
        access: 'staffWrite',
        roles: ADMIN,
        parameters: [calendarKey, holidayDate],
        responses: {
          200: json(z.object({ calendar }), 'Removed'),
          404: problem('No such calendar or holiday'),
        },
      }),
    },
    '/api/regulation/complaints/{id}/clocks': {
      get: operation({
        tags: ['regulation'],
        summary: "A complaint's deadline clocks",
        access: 'staff',
        parameters: [complaintId],
        responses: {
          200: json(
            z.object({ profile: z.string(), calendar: z.string().nullable(), clocks: z.array(clock) }),
            'The clocks',
          ),
          404: noComplaint,
        },
      }),
    },
    '/api/regulation/complaints/{id}/clocks/{clock}/{action}': {
      post: operation({
        tags: ['regulation'],
        summary: 'Pause, resume, extend, start or stop one clock',
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [
          complaintId,
          pathParam('clock', { type: 'string', minLength: 1, maxLength: 100 }, 'The clock key'),
          pathParam('action', schema(clockActionSchema, 'input')),
        ],
        requestBody: jsonBody(clockChangeSchema, { required: false }),
        responses: {
          201: json(
            z.looseObject({ event: z.looseObject({}), signalled: z.boolean(), clock: clock.optional() }),
            'Changed',
          ),
          404: problem('No such complaint or clock'),
          409: problem('The clock cannot do this now'),
          422: problem('The change is not allowed (a pause needs a reason, an extension a budget)'),
        },
      }),
    },
    '/api/regulation/complaints/{id}/outcome': {
      put: operation({
        tags: ['regulation'],
        summary: "Record a complaint's decision, redress paid and root cause (for the returns)",
        access: 'staffWrite',
        roles: 'agent, approver, admin',
        parameters: [complaintId],
        requestBody: jsonBody(outcomeSchema),
        responses: {
          200: json(
            z.object({
              decision: z.enum(DECISIONS).nullable(),
              redressPaid: z
                .string()
                .regex(/^\d+\.\d{2}$/)
                .nullable()
                .describe('A decimal with two places, as text (exact money)'),
              rootCause: z.string().nullable(),
            }),
            'Recorded',
          ),
          404: noComplaint,
          422: problem('The outcome is not allowed'),
        },
      }),
    },
    '/api/regulation/letter-check': {
      post: operation({
        tags: ['regulation'],
        summary: "Which mandatory clauses a letter's text lacks, per profile",
        access: 'staffWrite',
        requestBody: jsonBody(letterCheckSchema),
        responses: {
          200: json(z.object({ results: z.array(z.looseObject({ profile: z.string() })) }), 'The check'),
          404: problem('No such profile'),
        },
      }),
    },
    '/api/regulation/letter-packs': {
      get: operation({
        tags: ['regulation'],
        summary: 'Mandatory clauses missing from the letters of the profiles in use',
        access: 'staff',
        roles: 'process_owner, compliance, admin',
        responses: { 200: json(z.object({ gaps: z.array(letterGap) }), 'The gaps') },
      }),
    },
    '/api/regulation/letter-packs/{profile}/install': {
      post: operation({
        tags: ['regulation'],
        summary: "Install a profile's letter pack (the clauses missing from the letters)",
        access: 'staffWrite',
        roles: 'process_owner, admin',
        parameters: [pathParam('profile', { type: 'string', minLength: 1, maxLength: 40 }, 'The profile')],
        responses: {
          200: json(z.object({ installed: z.array(letterGap) }), 'Installed'),
          404: problem('No such profile'),
        },
      }),
    },
    '/api/regulation/returns': {
      get: operation({
        tags: ['regulation'],
        summary: "A regulator's return for a period",
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(returnQuerySchema, 'query'),
        responses: {
          200: json(
            z.looseObject({
              profile: z.looseObject({ key: z.string() }),
              period: z.object({ from: z.string(), to: z.string() }),
              generatedAt: isoDate,
              opened: z.number().int(),
              closed: z.number().int(),
            }),
            'The return',
          ),
          404: problem('No such profile'),
        },
      }),
    },
    '/api/regulation/returns.csv': {
      get: operation({
        tags: ['regulation'],
        summary: "A regulator's return as CSV",
        access: 'staff',
        roles: COMPLIANCE,
        parameters: paramsOf(returnQuerySchema, 'query'),
        responses: { 200: download('text/csv', 'The CSV file'), 404: problem('No such profile') },
      }),
    },
  };
}
