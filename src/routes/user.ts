// The user's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';

export default function userRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path        guards                   handler
  router.get('/user', requireRole('user'), accountPage(ctx, 'pages/user/dashboard', 'User dashboard'));
  return router;
}
