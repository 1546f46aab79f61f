import { z } from 'zod';

/** Largest model accepted by the modeler's endpoints (the deploy's own limit). */
export const MAX_MODEL_CHARS = 2 * 1024 * 1024;

const xml = z.string().min(1, 'xml is required').max(MAX_MODEL_CHARS, 'the model is larger than 2 MB');
/** Versions are PostgreSQL integers: anything larger is no version (and must not reach a query). */
export const MAX_VERSION = 2_147_483_647;

const version = z.coerce
  .number()
  .int('must be a whole number')
  .positive('must be 1 or more')
  .max(MAX_VERSION, 'no version is that large');

/** `:key` of a process (its BPMN process id). */
export const processKeySchema = z.object({
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z_][\w.-]*$/, 'not a process id'),
});

/** `:key/:version`. */
export const versionParamsSchema = processKeySchema.extend({ version });

/** `?from=&to=` of the diff. */
export const diffQuerySchema = z.object({ from: version, to: version });

/** Body of import. */
export const importSchema = z.object({ xml });

/** Body of the dry run. */
export const dryRunSchema = z.object({
  xml,
  answers: z.record(z.string().max(200), z.record(z.string(), z.unknown()).nullable()).optional(),
  messages: z
    .array(
      z.object({ name: z.string().min(1).max(200), variables: z.record(z.string(), z.unknown()).optional() }),
    )
    .max(100)
    .optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});

/** Body of a migration preview or run. */
export const migrateSchema = z.object({ from: version, to: version });

/** `?key=&version=` of the modeler page. */
export const pageQuerySchema = z.object({
  key: z
    .string()
    .max(200)
    .regex(/^[A-Za-z_][\w.-]*$/)
    .optional(),
  version: version.optional(),
});
