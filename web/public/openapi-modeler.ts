import { z } from 'zod';
import { deploySchema } from '../api/process-definitions.controller';
import {
  diffQuerySchema,
  dryRunSchema,
  importSchema,
  migrateSchema,
  processKeySchema,
  versionParamsSchema,
} from '../modeler/modeler.schemas';
import {
  download,
  isoDate,
  json,
  jsonBody,
  operation,
  paramsOf,
  problem,
  schema,
  type OpenApiObject,
} from './openapi-common';

const OWNERS = 'process_owner, admin';
const deployProblem = z.looseObject({ elementId: z.string().nullable().optional(), message: z.string() });
const definitionRow = z.looseObject({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  name: z.string().nullable(),
  deployedBy: z.string(),
  deployedAt: isoDate,
  comment: z.string().nullable(),
});
const versionSummary = definitionRow.extend({
  deployedByName: z.string(),
  openComplaints: z.number().int(),
});
const candidate = z.object({
  complaintId: z.uuid(),
  trackingCode: z.string(),
  activeElements: z.array(z.string()),
  reasons: z.array(z.string()),
});
const migrationPreview = z.looseObject({
  key: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  movable: z.array(candidate),
  blocked: z.array(candidate),
});
const noVersion = problem('No such process or version');
const key = paramsOf(processKeySchema, 'path');
const keyAndVersion = paramsOf(versionParamsSchema, 'path');
const modelBody = (s: z.ZodType): OpenApiObject => jsonBody(s, { xml: true });

/** Deployments and the modeler's API: versions, differences, import, dry runs, migration, live view. */
export function modelerPaths(): Record<string, OpenApiObject> {
  return {
    '/api/process-definitions': {
      post: operation({
        tags: ['processes'],
        summary: 'Deploy a BPMN model as the next version of its process',
        description:
          'The model as JSON `{ xml, comment }` or as `application/xml` (comment in `X-Deploy-Comment`). Hostile XML (DOCTYPE/entities, over 2 MB, nested over 200 deep) is refused before parsing.',
        access: 'staffWrite',
        roles: OWNERS,
        requestBody: modelBody(deploySchema),
        responses: {
          201: json(
            z.object({
              id: z.uuid(),
              key: z.string(),
              version: z.number().int(),
              deployedAt: isoDate,
              warnings: z.array(deployProblem),
            }),
            'Deployed',
          ),
          422: problem('The model cannot be deployed: `details` = [{ elementId, message }]'),
        },
      }),
      get: operation({
        tags: ['processes'],
        summary: 'Every deployed version of every process',
        access: 'staff',
        roles: OWNERS,
        responses: { 200: json(z.array(definitionRow), 'The list') },
      }),
    },
    '/api/process-definitions/{key}/{version}': {
      get: operation({
        tags: ['processes'],
        summary: 'One version with its XML (or the XML alone with Accept: application/xml)',
        access: 'staff',
        roles: OWNERS,
        parameters: keyAndVersion,
        responses: {
          200: {
            description: 'The version',
            content: {
              'application/json': { schema: schema(definitionRow.extend({ xml: z.string() })) },
              'application/xml': { schema: { type: 'string' } },
            },
          },
          404: noVersion,
        },
      }),
    },
    '/api/process-definitions/{key}/{version}/xml': {
      get: operation({
        tags: ['processes'],
        summary: "Download a version's BPMN file",
        access: 'staff',
        roles: OWNERS,
        parameters: keyAndVersion,
        responses: { 200: download('application/xml', 'The file'), 404: noVersion },
      }),
    },
    '/api/process-definitions/{key}/{version}/live': {
      get: operation({
        tags: ['processes'],
        summary: 'How many open complaints wait at each element of a version',
        access: 'staff',
        roles: OWNERS,
        parameters: keyAndVersion,
        responses: {
          200: json(
            z.looseObject({
              key: z.string(),
              version: z.number().int(),
              generatedAt: isoDate,
              openComplaints: z.number().int(),
              elements: z.array(z.looseObject({})),
            }),
            'The live view',
          ),
          404: noVersion,
        },
      }),
    },
    '/api/process-definitions/{key}/versions': {
      get: operation({
        tags: ['processes'],
        summary: 'The versions of one process, with who deployed them and their open complaints',
        access: 'staff',
        roles: OWNERS,
        parameters: key,
        responses: { 200: json(z.array(versionSummary), 'The versions (empty for an unknown process)') },
      }),
    },
    '/api/process-definitions/{key}/diff': {
      get: operation({
        tags: ['processes'],
        summary: 'What changed between two versions',
        access: 'staff',
        roles: OWNERS,
        parameters: [...key, ...paramsOf(diffQuerySchema, 'query')],
        responses: {
          200: json(
            z.looseObject({
              key: z.string(),
              from: z.number().int(),
              to: z.number().int(),
              process: z.array(z.looseObject({})),
              elements: z.looseObject({}),
              flows: z.looseObject({}),
            }),
            'The differences',
          ),
          404: noVersion,
        },
      }),
    },
    '/api/process-definitions/{key}/migrate/preview': {
      post: operation({
        tags: ['processes'],
        summary: 'Which running complaints could move from one version to another, and why not',
        access: 'staffWrite',
        roles: OWNERS,
        parameters: key,
        requestBody: jsonBody(migrateSchema),
        responses: { 200: json(migrationPreview, 'The preview'), 404: noVersion },
      }),
    },
    '/api/process-definitions/{key}/migrate': {
      post: operation({
        tags: ['processes'],
        summary: 'Move every movable running complaint to another version',
        access: 'staffWrite',
        roles: OWNERS,
        parameters: key,
        requestBody: jsonBody(migrateSchema),
        responses: {
          200: json(
            migrationPreview.extend({
              migrated: z.array(z.string()),
              failed: z.array(z.looseObject({ complaintId: z.string(), reason: z.string() })),
            }),
            'What moved',
          ),
          404: noVersion,
        },
      }),
    },
    '/api/process-definitions/import': {
      post: operation({
        tags: ['processes'],
        summary:
          "Translate another modeler's BPMN file (Camunda attributes) and report what has no counterpart",
        access: 'staffWrite',
        roles: OWNERS,
        requestBody: modelBody(importSchema),
        responses: {
          200: json(
            z.object({
              xml: z.string(),
              report: z.array(z.looseObject({})),
              translated: z.array(z.looseObject({})),
            }),
            'The translated model and the report',
          ),
        },
      }),
    },
    '/api/process-definitions/dry-run': {
      post: operation({
        tags: ['processes'],
        summary: 'Run a model on the real interpreter with made-up answers, sending nothing',
        access: 'staffWrite',
        roles: OWNERS,
        requestBody: jsonBody(dryRunSchema),
        responses: {
          200: json(
            z.looseObject({
              completed: z.boolean(),
              path: z.array(z.looseObject({})),
              messages: z.array(z.looseObject({})),
              userTasks: z.array(z.looseObject({})),
              incidents: z.array(z.looseObject({})),
              warnings: z.array(deployProblem),
            }),
            'The run',
          ),
          422: problem(
            'The model cannot be deployed, so it cannot run: `details` = [{ elementId, message }]',
          ),
        },
      }),
    },
    '/api/modeler/templates': {
      get: operation({
        tags: ['processes'],
        summary: 'The message templates a notify task may send',
        access: 'staff',
        roles: OWNERS,
        responses: { 200: json(z.object({ templates: z.array(z.looseObject({})) }), 'The list') },
      }),
    },
    '/api/modeler/groups': {
      get: operation({
        tags: ['processes'],
        summary: 'The staff groups a user task may go to',
        access: 'staff',
        roles: OWNERS,
        responses: {
          200: json(
            z.object({ groups: z.array(z.object({ key: z.string(), name: z.string() })) }),
            'The list',
          ),
        },
      }),
    },
  };
}
