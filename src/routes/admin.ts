// The admin's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';

export default function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path        guards                   handler
  router.get('/admin', requireRole('admin'), accountPage(ctx, 'pages/admin/dashboard', 'Admin dashboard'));
  return router;
}
