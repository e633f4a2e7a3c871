// Route guards: signed-out visitors go to the login page, other roles get 403.
import type { RequestHandler } from 'express';
import type { Role } from '../domain';
import { Forbidden } from '../errors';
import { redirect } from '../web/htmx';

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      const back = req.method === 'GET' && req.originalUrl !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return redirect(req, res, `/login${back}`);
    }
    if (!roles.includes(req.user.role)) return next(new Forbidden());
    next();
  };
}

export const requireSignedIn = requireRole('admin', 'sponsor', 'influencer', 'user');

/**
 * One path, a handler for each role that may use it (others get 403): POST /offers is a sponsor's
 * offer or an influencer's request to join, two forms with one address in the contract.
 */
export function byRole(handlers: Partial<Record<Role, RequestHandler>>): RequestHandler[] {
  const roles = Object.keys(handlers) as Role[];
  return [requireRole(...roles), (req, res, next) => handlers[req.user!.role]!(req, res, next)];
}
