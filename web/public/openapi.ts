import { z } from 'zod';
import { complaintInputSchema } from '../../core/complaints/intake.service';
import { templatePreviewSchema, templateSaveSchema } from '../templates-editor/templates-editor.schemas';
import { LOCALES, MESSAGE_KINDS, TEMPLATE_PARTS } from '../../templates/renderer';

// Response shapes, written as zod schemas so the document and the code use one notation.
const errorSchema = z.object({
  error: z.string().describe('What went wrong, for a person to read.'),
  details: z
    .unknown()
    .optional()
    .describe('Field-level problems: `[{ field, message }]` for a 400; the template problem for a 422.'),
});
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
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const loginSchema = z.object({ email: z.email(), password: z.string() });
const templateVersionSchema = z.object({
  version: z.number().int(),
  part: z.enum(TEMPLATE_PARTS),
  editedBy: z.string(),
  editedAt: z.iso.datetime(),
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
  history: z.array(templateVersionSchema.omit({ part: true })),
  canEdit: z.boolean(),
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
  createdAt: z.iso.datetime(),
  url: z.string(),
});

function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const json = (s: z.ZodType, description: string, io: 'input' | 'output' = 'output') => ({
  description,
  content: { 'application/json': { schema: schema(s, io) } },
});
const problem = (description: string) => json(errorSchema, description);
const staff = [{ session: [] }];
const staffWrite = [{ session: [], csrf: [] }];
const templatePath = [
  { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: MESSAGE_KINDS } },
  { name: 'locale', in: 'path', required: true, schema: { type: 'string', enum: LOCALES } },
  { name: 'part', in: 'path', required: true, schema: { type: 'string', enum: TEMPLATE_PARTS } },
];

/**
 * The OpenAPI 3.1 description of Redress's HTTP API, generated from the zod schemas the endpoints
 * validate with (`z.toJSONSchema`), so the document cannot drift from what is accepted.
 */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Redress API',
      version: '1.0.0',
      description:
        "Complaint intake for other systems (no authentication: the tracking code is the customer's key), plus the staff endpoints of the template editor and attachments (session cookie from /api/auth/login; state-changing calls also need the x-csrf-token header from the login answer).",
    },
    servers: [{ url: publicUrl.replace(/\/$/, '') }],
    tags: [
      { name: 'intake', description: 'Complaints from other systems' },
      { name: 'system', description: 'Health and this document' },
      { name: 'staff', description: 'Staff sign-in' },
      { name: 'templates', description: 'Message template editor (read: staff; save: process owners)' },
      { name: 'attachments', description: "Customers' evidence (staff who may see the complaint)" },
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
    paths: {
      '/api/health': {
        get: {
          tags: ['system'],
          summary: 'Whether PostgreSQL and Temporal answer',
          responses: {
            200: json(healthSchema, 'Both answer'),
            503: json(healthSchema, 'One of them does not'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          tags: ['system'],
          summary: 'This document',
          responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
        },
      },
      '/api/complaints': {
        post: {
          tags: ['intake'],
          summary: 'Submit a complaint',
          description:
            'Creates the complaint and starts its process; the customer is acknowledged by email/SMS. Send an Idempotency-Key to make retries safe.',
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
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(complaintInputSchema, 'input') } },
          },
          responses: {
            201: json(complaintCreatedSchema, 'Created'),
            200: json(complaintCreatedSchema, 'Already created with this Idempotency-Key'),
            400: problem('The body is not valid: `details` lists each field'),
            503: problem('No complaint process is deployed'),
          },
        },
      },
      '/api/complaints/{trackingCode}': {
        get: {
          tags: ['intake'],
          summary: "A complaint's stage by tracking code",
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
        },
      },
      '/api/auth/login': {
        post: {
          tags: ['staff'],
          summary: 'Sign in (sets the session cookie; returns the CSRF token)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(loginSchema, 'input') } },
          },
          responses: {
            200: { description: 'Signed in: `{ user, csrfToken }`' },
            401: problem('Wrong email or password'),
            429: problem('Too many failed attempts'),
          },
        },
      },
      '/api/auth/logout': {
        post: {
          tags: ['staff'],
          summary: 'Sign out',
          security: staffWrite,
          responses: { 200: { description: 'Signed out' } },
        },
      },
      '/api/auth/csrf': {
        get: {
          tags: ['staff'],
          summary: 'A CSRF token for the current session',
          responses: { 200: { description: '`{ csrfToken }`' } },
        },
      },
      '/api/auth/me': {
        get: {
          tags: ['staff'],
          summary: 'The signed-in member of staff',
          security: staff,
          responses: { 200: { description: '`{ user }`' }, 401: problem('Not signed in') },
        },
      },
      '/api/templates': {
        get: {
          tags: ['templates'],
          summary: "Message kinds, languages, parts, variables and each message's latest version",
          security: staff,
          responses: {
            200: { description: 'The catalogue', content: { 'application/json': {} } },
            401: problem('Not signed in'),
          },
        },
      },
      '/api/templates/preview': {
        post: {
          tags: ['templates'],
          summary: "Render an edited part on the message's sample data",
          security: staffWrite,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(templatePreviewSchema, 'input') } },
          },
          responses: {
            200: json(templatePreviewResultSchema, 'The whole email, or the SMS with its segment count'),
            400: problem('Unknown kind, language or part'),
            422: problem(
              'The text does not compile or uses a variable the sample data lacks: `details` = { kind, message, line, column, variable }',
            ),
          },
        },
      },
      '/api/templates/{kind}/{locale}/{part}': {
        parameters: templatePath,
        get: {
          tags: ['templates'],
          summary: 'The text in force, the shipped text and the history of one part',
          security: staff,
          parameters: [
            {
              name: 'version',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1 },
              description: "Also return this earlier version's text (openedSource).",
            },
          ],
          responses: { 200: json(templateViewSchema, 'The part'), 404: problem('No such version') },
        },
        put: {
          tags: ['templates'],
          summary: 'Save an edit as the next version (process owners)',
          security: staffWrite,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(templateSaveSchema, 'input') } },
          },
          responses: {
            200: json(templateVersionSchema, 'Saved'),
            403: problem('Not a process owner'),
            409: problem('Someone saved this message since baseVersion'),
            422: problem('Refused: the reason is in `details`'),
          },
        },
      },
      '/api/attachments': {
        get: {
          tags: ['attachments'],
          summary: "A complaint's attachments",
          security: staff,
          parameters: [
            { name: 'complaintId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            200: json(z.object({ items: z.array(attachmentSchema) }), 'The list'),
            404: problem('No such complaint, or not one you may see'),
          },
        },
      },
      '/api/attachments/{id}/content': {
        get: {
          tags: ['attachments'],
          summary: 'Download one attachment (always as a download, never rendered)',
          security: staff,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            200: {
              description:
                'The file, with Content-Disposition: attachment and X-Content-Type-Options: nosniff',
            },
            404: problem('No such attachment'),
          },
        },
      },
    },
  };
}
