// The user's pages: dashboard with the influencers they follow, profile, finding and following influencers.
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { FOLLOWING_PAGE_SIZE } from '../services/follows';
import { pageNumber } from '../validation/search';
import { localPath } from '../web/htmx';
import { idParam } from '../web/load';
import { paginate } from '../web/pagination';
import { respond } from '../web/respond';
import { searchInfluencers } from '../web/influencerSearch';
import { showProfile, updateProfile } from '../web/profile';

export default function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const user = requireRole('user');
  //          path                              guards  handler
  router.get('/user', user, dashboard(ctx));
  router.get('/user/profile', user, showProfile(ctx));
  router.post('/user/profile', user, updateProfile(ctx));
  router.get(
    '/user/influencers',
    user,
    searchInfluencers(ctx, 'user', async (req, influencers) => ({
      following: await ctx.services.follows.following(req.user!.id, influencers.map((i) => i.id)),
      returnTo: req.originalUrl,
    })),
  );
  router.post('/influencers/:id/follow', user, toggleFollow(ctx, 'follow'));
  router.post('/influencers/:id/unfollow', user, toggleFollow(ctx, 'unfollow'));
  return router;
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const page = pageNumber(req.query);
    const [account, { influencers, total }] = await Promise.all([
      ctx.services.users.getAccountOrFail(req.user!.id),
      ctx.services.follows.followedBy(req.user!.id, page),
    ]);
    res.render('pages/user/dashboard', {
      title: 'User dashboard',
      account,
      standing: null,
      influencers,
      following: new Set(influencers.map((i) => i.id)),
      returnTo: '/user',
      pagination: paginate('/user', {}, page, total, FOLLOWING_PAGE_SIZE),
    });
  };
}

/** Follow or unfollow: htmx swaps the toggle in place; without JavaScript, back to the list. */
function toggleFollow(ctx: AppContext, action: 'follow' | 'unfollow'): RequestHandler {
  return async (req, res) => {
    const influencer = await ctx.services.follows[action](req.user!.id, idParam(req, 'That influencer'));
    const returnTo = localPath(req.body?.return_to);
    respond(req, res, {
      partial: influencer.active ? 'partials/follow-button' : undefined,
      data: { influencer, following: action === 'follow', returnTo },
      flash: action === 'follow' ? `You follow ${influencer.username}.` : `You no longer follow ${influencer.username}.`,
      redirect: returnTo ?? '/user/influencers',
    });
  };
}
