import { z } from 'zod';
import { LOCALES, MESSAGE_KINDS, TEMPLATE_PARTS } from '../../templates/renderer';
import { MAX_SOURCE_LENGTH } from '../../templates/handlebars-env';

/** `/api/templates/:kind/:locale/:part`. */
export const templatePathSchema = z.object({
  kind: z.enum(MESSAGE_KINDS, 'Unknown message kind'),
  locale: z.enum(LOCALES, 'Unknown language'),
  part: z.enum(TEMPLATE_PARTS, 'Unknown template part (subject, html, text or sms)'),
});

/** Versions are PostgreSQL integers: a larger number is no version and must not reach a query. */
const MAX_VERSION = 2_147_483_647;

/** `?version=` to open an older version's text. */
export const templateVersionQuerySchema = z.object({
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(),
});

const source = z
  .string()
  .max(MAX_SOURCE_LENGTH, `A template may have at most ${MAX_SOURCE_LENGTH} characters`);

/** PUT body: the new text, a comment for the history, and the version the editor started from. */
export const templateSaveSchema = z.object({
  source: source.refine((s) => s.trim().length > 0, 'The template cannot be empty'),
  comment: z.string().trim().max(500).optional(),
  baseVersion: z.number().int().min(0).max(MAX_VERSION).optional(),
});

/** POST /api/templates/preview body. */
export const templatePreviewSchema = templatePathSchema.extend({ source });
