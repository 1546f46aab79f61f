import type { Request, RequestHandler } from 'express';
import { WorkspaceRuleError } from '../../core/staff/errors';
import { can, rolesFor, type Permission } from '../../core/staff/permissions';
import type { Viewer } from '../../core/tasks/task-access';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableError,
} from '../http-errors';

/** A workspace rule's refusal as the HTTP error the error middleware renders; other errors pass through. */
export function toHttpError(err: unknown): unknown {
  if (!(err instanceof WorkspaceRuleError)) return err;
  switch (err.reason) {
    case 'not_found':
      return new NotFoundError(err.message);
    case 'forbidden':
      return new ForbiddenError(err.message);
    case 'conflict':
      return new ConflictError(err.message);
    case 'invalid':
      return new UnprocessableError(err.message);
    case 'unavailable':
      return new ServiceUnavailableError(err.message);
  }
}

/** Runs a service call and rethrows its refusal as an HTTP error. */
export async function httpCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toHttpError(err);
  }
}

/** The logged-in member of staff (after a guard ran). */
export function viewerOf(req: Request): Viewer & { name: string; locale: string } {
  if (!req.staff) throw new UnauthorizedError();
  return req.staff;
}

/**
 * Guards an API route with a permission from core/staff/permissions.ts: 401 without a session, 403
 * while a new password is due or without the permission.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.staff) return next(new UnauthorizedError());
    if (req.staff.mustChangePassword) return next(new ForbiddenError('Please choose a new password first.'));
    if (!can(req.staff.roles, permission))
      return next(new ForbiddenError(`This needs one of the roles: ${rolesFor(permission).join(', ')}.`));
    next();
  };
}

/** Any member of staff who has chosen their password. */
export const requireSignedIn: RequestHandler = (req, _res, next) => {
  if (!req.staff) return next(new UnauthorizedError());
  if (req.staff.mustChangePassword) return next(new ForbiddenError('Please choose a new password first.'));
  next();
};
