// The user's pages.
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { accountPage } from './dashboards';
import { showProfile, updateProfile } from './profile';

export default function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const user = requireRole('user');
  //           path                  guards   handler
  router.get('/user', user, accountPage(ctx, 'pages/user/dashboard', 'User dashboard'));
  router.get('/user/profile', user, showProfile(ctx));
  router.post('/user/profile', user, updateProfile(ctx));
  return router;
}
