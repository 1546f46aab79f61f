import { z } from 'zod';
import { complaintInputSchema } from '../../core/complaints/intake.service';
import { ROLES } from '../../core/db/entities';
import { loginSchema, passwordSchema } from '../auth/auth.controller';
import {
  templatePreviewSchema,
  templateSaveSchema,
  templateVersionQuerySchema,
} from '../templates-editor/templates-editor.schemas';
import { LOCALES, MESSAGE_KINDS, TEMPLATE_PARTS } from '../../templates/renderer';
import {
  download,
  isoDate,
  json,
  jsonBody,
  ok,
  operation,
  paramsOf,
  problem,
  uuidParam,
  type OpenApiObject,
} from './openapi-common';
import { compliancePaths } from './openapi-compliance';
import { modelerPaths } from './openapi-modeler';
import { staffPaths } from './openapi-staff';

// Response shapes, written as zod schemas so the document and the code use one notation.
const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.string(),
  temporal: z.string(),
});
const complaintCreatedSchema = z.object({
  id: z.uuid(),
  trackingCode: z
    .string()
    .describe("The customer's key to the complaint, e.g. RD-7KQ2-M9XD-4TPH-WC3N (80 random bits)."),
  stage: z.string(),
  trackingUrl: z.url(),
});
const complaintStatusSchema = z.object({
  trackingCode: z.string(),
  stage: z
    .string()
    .describe('received, acknowledged, triage, investigation, approval, resolution, survey or closed'),
  status: z.enum(['open', 'closed']),
  type: z.string(),
  subject: z.string(),
  receivedAt: isoDate,
  updatedAt: isoDate,
});
const staffUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
const identitySchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
  mustChangePassword: z.boolean(),
  locale: z.string(),
});
const csrfSchema = z.object({ csrfToken: z.string() });
const templateVersionSchema = z.object({
  version: z.number().int(),
  part: z.enum(TEMPLATE_PARTS),
  editedBy: z.string(),
  editedAt: isoDate,
  comment: z.string().nullable(),
});
const templateViewSchema = z.object({
  kind: z.enum(MESSAGE_KINDS),
  locale: z.enum(LOCALES),
  part: z.enum(TEMPLATE_PARTS),
  source: z.string().describe('The text in force: the latest edit, or the shipped file.'),
  shippedSource: z.string().nullable(),
  partVersion: z.number().int(),
  setVersion: z
    .number()
    .int()
    .describe('Latest version of this message and language: send it back as baseVersion.'),
  history: z.array(templateVersionSchema),
  canEdit: z.boolean(),
  openedVersion: z.number().int().optional(),
  openedSource: z.string().optional(),
});
const templatePreviewResultSchema = z.union([
  z.object({ channel: z.literal('email'), subject: z.string(), html: z.string(), text: z.string() }),
  z.object({
    channel: z.literal('sms'),
    text: z.string(),
    encoding: z.enum(['GSM-7', 'UCS-2']),
    length: z.number().int(),
    segments: z.number().int(),
  }),
]);
const attachmentSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  customerMessageId: z.uuid().nullable(),
  originalName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: isoDate,
  url: z.string(),
});

const templatePath = [
  { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: MESSAGE_KINDS } },
  { name: 'locale', in: 'path', required: true, schema: { type: 'string', enum: LOCALES } },
  { name: 'part', in: 'path', required: true, schema: { type: 'string', enum: TEMPLATE_PARTS } },
];
// A browser carrying a staff session cookie must send its CSRF token on every change, even here.
const csrfRefused = problem('A staff session cookie came without its CSRF token');
const templateProblem = problem(
  'The text does not compile, uses a variable the sample data lacks, or lacks a mandatory clause: `details` = { kind, message, line, column, variable }',
);

/** Health, this document, intake, sign-in, the template editor and attachments. */
function corePaths(): Record<string, OpenApiObject> {
  return {
    '/api/health': {
      get: operation({
        tags: ['system'],
        summary: 'Whether PostgreSQL and Temporal answer',
        access: 'public',
        responses: {
          200: json(healthSchema, 'Both answer'),
          503: json(healthSchema, 'One of them does not'),
        },
      }),
    },
    '/api/openapi.json': {
      get: operation({
        tags: ['system'],
        summary: 'This document',
        access: 'public',
        responses: { 200: json(z.looseObject({ openapi: z.string() }), 'OpenAPI 3.1 document') },
      }),
    },
    '/api/complaints': {
      post: operation({
        tags: ['intake'],
        summary: 'Submit a complaint',
        description:
          'Creates the complaint and starts its process; the customer is acknowledged by email/SMS. Send an Idempotency-Key to make retries safe.',
        access: 'public',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'A retried request with the same key returns the first complaint (200) instead of creating a second.',
            schema: { type: 'string', minLength: 8, maxLength: 200 },
          },
        ],
        requestBody: jsonBody(complaintInputSchema),
        responses: {
          201: json(complaintCreatedSchema, 'Created'),
          200: json(complaintCreatedSchema, 'Already created with this Idempotency-Key'),
          403: csrfRefused,
          503: problem('No complaint process is deployed'),
        },
      }),
    },
    '/api/complaints/{trackingCode}': {
      get: operation({
        tags: ['intake'],
        summary: "A complaint's stage by tracking code",
        access: 'public',
        parameters: [
          {
            name: 'trackingCode',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^RD-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$' },
          },
        ],
        responses: {
          200: json(complaintStatusSchema, 'Found'),
          404: problem('No complaint has this code (malformed codes get the same answer)'),
        },
      }),
    },
    '/api/auth/login': {
      post: operation({
        tags: ['staff'],
        summary: 'Sign in (sets the session cookie; returns the CSRF token)',
        access: 'public',
        requestBody: jsonBody(loginSchema),
        responses: {
          200: json(z.object({ user: staffUserSchema, csrfToken: z.string() }), 'Signed in'),
          401: problem('Wrong email or password'),
          403: csrfRefused,
          429: problem('Too many failed attempts'),
        },
      }),
    },
    '/api/auth/logout': {
      post: operation({
        tags: ['staff'],
        summary: 'Sign out',
        access: 'public',
        responses: {
          200: json(ok, 'Signed out (also when nobody was signed in)'),
          403: csrfRefused,
        },
      }),
    },
    '/api/auth/csrf': {
      get: operation({
        tags: ['staff'],
        summary: 'A CSRF token for the current session',
        access: 'public',
        responses: { 200: json(csrfSchema, 'The token') },
      }),
    },
    '/api/auth/me': {
      get: operation({
        tags: ['staff'],
        summary: 'The signed-in member of staff',
        access: 'staff',
        responses: { 200: json(z.object({ user: identitySchema }), 'Signed in') },
      }),
    },
    '/api/auth/password': {
      post: operation({
        tags: ['staff'],
        summary: "Change one's own password",
        access: 'staffWrite',
        requestBody: jsonBody(passwordSchema),
        responses: { 200: json(ok, 'Changed') },
      }),
    },
    '/api/templates': {
      get: operation({
        tags: ['templates'],
        summary: "Message kinds, languages, parts, variables and each message's latest version",
        access: 'staff',
        responses: {
          200: json(
            z.object({
              kinds: z.array(z.enum(MESSAGE_KINDS)),
              locales: z.array(z.enum(LOCALES)),
              parts: z.array(z.enum(TEMPLATE_PARTS)),
              variables: z.record(z.string(), z.unknown()),
              messages: z.array(z.looseObject({})),
              canEdit: z.boolean(),
            }),
            'The catalogue',
          ),
        },
      }),
    },
    '/api/templates/preview': {
      post: operation({
        tags: ['templates'],
        summary: "Render an edited part on the message's sample data",
        access: 'staffWrite',
        requestBody: jsonBody(templatePreviewSchema),
        responses: {
          200: json(templatePreviewResultSchema, 'The whole email, or the SMS with its segment count'),
          422: templateProblem,
        },
      }),
    },
    '/api/templates/{kind}/{locale}/{part}': {
      get: operation({
        tags: ['templates'],
        summary: 'The text in force, the shipped text and the history of one part',
        access: 'staff',
        parameters: [
          ...templatePath,
          ...paramsOf(templateVersionQuerySchema, 'query').map((p) => ({
            ...p,
            description: "Also return this earlier version's text (openedSource).",
          })),
        ],
        responses: { 200: json(templateViewSchema, 'The part'), 404: problem('No such version') },
      }),
      put: operation({
        tags: ['templates'],
        summary: 'Save an edit as the next version (process owners)',
        access: 'staffWrite',
        roles: 'process_owner, admin',
        parameters: templatePath,
        requestBody: jsonBody(templateSaveSchema),
        responses: {
          200: json(templateVersionSchema, 'Saved'),
          409: problem('Someone saved this message since baseVersion'),
          422: templateProblem,
        },
      }),
    },
    '/api/attachments': {
      get: operation({
        tags: ['attachments'],
        summary: "A complaint's attachments",
        access: 'staff',
        parameters: [
          { name: 'complaintId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          200: json(z.object({ items: z.array(attachmentSchema) }), 'The list'),
          404: problem('No such complaint, or not one you may see'),
        },
      }),
    },
    '/api/attachments/{id}/content': {
      get: operation({
        tags: ['attachments'],
        summary: 'Download one attachment (always as a download, never rendered)',
        access: 'staff',
        parameters: [uuidParam('id')],
        responses: {
          200: download(
            'application/octet-stream',
            'The file, with Content-Disposition: attachment and X-Content-Type-Options: nosniff',
          ),
          404: problem('No such attachment'),
        },
      }),
    },
  };
}

/**
 * The OpenAPI 3.1 description of Redress's HTTP API (every route under /api), generated from the zod
 * schemas the endpoints validate with (`z.toJSONSchema`), so the document cannot drift from what is
 * accepted. `npm run fuzz` and test/integration/openapi-fuzz.test.ts hold the server to it.
 */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Redress API',
      version: '1.0.0',
      description:
        "Complaint intake for other systems (no authentication: the tracking code is the customer's key), and the staff API behind the workspace, modeler, template editor and compliance pages (session cookie from /api/auth/login; state-changing calls also need the x-csrf-token header from the login answer). Errors are JSON `{ error, details? }`.",
    },
    servers: [{ url: publicUrl.replace(/\/$/, '') }],
    tags: [
      { name: 'intake', description: 'Complaints from other systems' },
      { name: 'system', description: 'Health and this document' },
      { name: 'staff', description: 'Staff sign-in' },
      { name: 'tasks', description: 'The task inbox, tasks and incidents' },
      { name: 'complaints', description: 'Complaints as staff see them' },
      { name: 'templates', description: 'Message template editor (read: staff; save: process owners)' },
      { name: 'attachments', description: "Customers' evidence (staff who may see the complaint)" },
      { name: 'processes', description: 'Deployments and the modeler (process owners)' },
      { name: 'compliance', description: "Search, history, audit log, customers' data, reports" },
      { name: 'regulation', description: 'Profiles, calendars, deadline clocks, letter packs, returns' },
      { name: 'admin', description: 'Users and groups' },
    ],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'redress.sid',
          description: 'Set by POST /api/auth/login.',
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'x-csrf-token',
          description: 'The csrfToken from the login answer or GET /api/auth/csrf.',
        },
      },
    },
    paths: { ...corePaths(), ...staffPaths(), ...modelerPaths(), ...compliancePaths() },
  };
}
