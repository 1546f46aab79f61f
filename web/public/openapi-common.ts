import { z } from 'zod';

/** An OpenAPI 3.1 object, as plain JSON. */
export type OpenApiObject = Record<string, unknown>;

/** The JSON Schema (2020-12) of a zod schema: what it accepts (`input`) or what it produces (`output`). */
export function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): OpenApiObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as OpenApiObject;
  return rest;
}

/** Every 4xx/5xx answer of the API (web/http-errors.ts renders them all). */
export const errorSchema = z.object({
  error: z.string().describe('What went wrong, for a person to read.'),
  details: z
    .unknown()
    .optional()
    .describe(
      'Field-level problems: `[{ field, message }]` for a 400; `[{ elementId, message }]` for a model that cannot be deployed; the template problem for a 422.',
    ),
});

/** A JSON response with this schema. */
export const json = (s: z.ZodType, description: string): OpenApiObject => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});

/** A JSON error response. */
export const problem = (description: string): OpenApiObject => json(errorSchema, description);

/** A JSON request body; `xml` also accepts the same model as `application/xml` text. */
export function jsonBody(s: z.ZodType, options: { required?: boolean; xml?: boolean } = {}): OpenApiObject {
  return {
    required: options.required ?? true,
    content: {
      'application/json': { schema: schema(s, 'input') },
      ...(options.xml
        ? { 'application/xml': { schema: { type: 'string', maxLength: 2 * 1024 * 1024 } } }
        : {}),
    },
  };
}

/** One parameter per property of a zod object schema (query string, or path segments). */
export function paramsOf(s: z.ZodType, where: 'query' | 'path'): OpenApiObject[] {
  const json = schema(s, 'input') as { properties?: Record<string, OpenApiObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: propertySchema,
      ...(description ? { description } : {}),
    };
  });
}

/** A path parameter with an explicit JSON Schema. */
export const pathParam = (name: string, s: OpenApiObject, description?: string): OpenApiObject => ({
  name,
  in: 'path',
  required: true,
  schema: s,
  ...(description ? { description } : {}),
});

export const uuidParam = (name: string, description?: string): OpenApiObject =>
  pathParam(name, { type: 'string', format: 'uuid' }, description);

/** Who may call an operation: anyone, any signed-in member of staff, or staff changing something. */
export type Access = 'public' | 'staff' | 'staffWrite';

const security = { public: undefined, staff: [{ session: [] }], staffWrite: [{ session: [], csrf: [] }] };

/**
 * One operation with the answers every operation of its kind can give besides its own: 400 when it
 * takes input, 401/403 for staff (not signed in; role missing, new password due, or for changes a
 * missing CSRF token), 413 for a body over the limit.
 */
export function operation(o: {
  tags: string[];
  summary: string;
  description?: string;
  access: Access;
  parameters?: OpenApiObject[];
  requestBody?: OpenApiObject;
  responses: Record<number, OpenApiObject>;
  /** Who besides being signed in, for the 403 description (`process_owner`…). */
  roles?: string;
}): OpenApiObject {
  const responses: Record<number, OpenApiObject> = {};
  if (o.parameters?.length || o.requestBody)
    responses[400] = problem('The input is not valid: `details` lists each field');
  if (o.access !== 'public') {
    responses[401] = problem('Not signed in');
    responses[403] = problem(
      `${o.roles ? `Not one of the roles ${o.roles}, or` : 'Not allowed, or'} a new password is due${o.access === 'staffWrite' ? ', or the CSRF token is missing' : ''}`,
    );
  }
  if (o.requestBody) responses[413] = problem('The body is larger than the limit');
  Object.assign(responses, o.responses);
  const sec = security[o.access];
  return {
    tags: o.tags,
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    ...(sec ? { security: sec } : {}),
    ...(o.parameters?.length ? { parameters: o.parameters } : {}),
    ...(o.requestBody ? { requestBody: o.requestBody } : {}),
    responses,
  };
}

/** A response that is not JSON (a download, a text stream). */
export const download = (contentType: string, description: string): OpenApiObject => ({
  description,
  content: { [contentType]: { schema: { type: 'string' } } },
});

/** ISO date-time as JSON carries a Date. */
export const isoDate = z.iso.datetime({ offset: true });

/** Shared shapes of responses. */
export const ok = z.object({ ok: z.literal(true) });
