// Route guards: signed-out visitors go to the login page, other roles get 403.
import type { RequestHandler } from 'express';
import type { Role } from '../domain';
import { forbidden } from '../errors';
import { redirect } from '../web/htmx';

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      const back = req.method === 'GET' && req.originalUrl !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return redirect(req, res, `/login${back}`);
    }
    if (!roles.includes(req.user.role)) return next(forbidden());
    next();
  };
}

export const requireSignedIn = requireRole('admin', 'sponsor', 'influencer', 'user');
