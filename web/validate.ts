import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { findHostileInput } from '../core/security/hostile-keys';
import { BadRequestError, zodIssues } from './http-errors';

/** Parses input with a schema, or throws a 400 listing each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequestError(`The ${what} is not valid.`, zodIssues(result.error));
  return result.data;
}

/**
 * Refuses, before any route sees it, a request whose path, query or JSON body holds what only an
 * attack sends (core/security/hostile-keys.ts): a NUL character — PostgreSQL cannot store it, so it
 * would surface as a 500 deep in a query — or a `__proto__` / `constructor.prototype` key.
 */
export const rejectHostileInput: RequestHandler = (req, _res, next) => {
  const found = /%00/.test(req.path)
    ? { field: '(path)', message: 'must not contain NUL characters (U+0000)' }
    : (findHostileInput(req.query) ?? findHostileInput(req.body));
  if (!found) return next();
  next(new BadRequestError(`The request is refused: ${found.field} ${found.message}.`, [found]));
};
