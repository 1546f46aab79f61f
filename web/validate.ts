import type { z } from 'zod';
import { BadRequestError, zodIssues } from './http-errors';

/** Parses input with a schema, or throws a 400 listing each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequestError(`The ${what} is not valid.`, zodIssues(result.error));
  return result.data;
}
