// The sponsor's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';

export default function sponsorRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path        guards                   handler
  router.get('/sponsor', requireRole('sponsor'), accountPage(ctx, 'pages/sponsor/dashboard', 'Sponsor dashboard'));
  return router;
}
