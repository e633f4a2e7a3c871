// The influencer's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';

export default function influencerRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path        guards                   handler
  router.get('/influencer', requireRole('influencer'), accountPage(ctx, 'pages/influencer/dashboard', 'Influencer dashboard'));
  return router;
}
