// The influencer's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';
import { showProfile, updateProfile } from './profile';

export default function influencerRoutes(ctx: AppContext): Router {
  const router = Router();
  const influencer = requireRole('influencer');
  //           path                  guards   handler
  router.get('/influencer', influencer, accountPage(ctx, 'pages/influencer/dashboard', 'Influencer dashboard'));
  router.get('/influencer/profile', influencer, showProfile(ctx));
  router.post('/influencer/profile', influencer, updateProfile(ctx));
  return router;
}
