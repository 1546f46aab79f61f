import type { Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../http-errors';

const uuid = z.uuid();

/** The `:id` route parameter as a UUID; anything else is simply not found (never a database error). */
export function idParam(req: Request, name = 'id'): string {
  const parsed = uuid.safeParse(req.params[name]);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}
