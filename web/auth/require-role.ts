import type { RequestHandler } from 'express';
import type { Role } from '../../core/db/entities';
import { ForbiddenError, UnauthorizedError } from '../http-errors';

/**
 * Guards a route: 401 without a session, 403 without one of the roles. Admins pass every guard
 * except where `exceptAdmin` is set (compliance separation: admins cannot act as approvers, say).
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.staff) return next(new UnauthorizedError());
    if (req.staff.mustChangePassword && !req.path.endsWith('/password'))
      return next(new ForbiddenError('Please choose a new password first.'));
    if (roles.length && !req.staff.roles.some((r) => r === 'admin' || roles.includes(r)))
      return next(new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`));
    next();
  };
}

/** Any logged-in member of staff. */
export const requireStaff = requireRole();
