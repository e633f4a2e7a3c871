// The user's pages: dashboard with the influencers they follow, profile, finding and following influencers.
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { INFLUENCER_CATEGORIES } from '../domain';
import { notFound } from '../errors';
import { FOLLOWING_PAGE_SIZE } from '../services/follows';
import { INFLUENCER_SORTS, SEARCH_PAGE_SIZE } from '../services/influencers';
import { pageNumber, parseId, parseInfluencerQuery } from '../validation/search';
import { flash } from '../web/flash';
import { localPath, redirect, renderPageOrPartial, wantsFragment } from '../web/htmx';
import { paginate } from '../web/pagination';
import { showProfile, updateProfile } from './profile';

export default function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const user = requireRole('user');
  //          path                              guards  handler
  router.get('/user', user, dashboard(ctx));
  router.get('/user/profile', user, showProfile(ctx));
  router.post('/user/profile', user, updateProfile(ctx));
  router.get('/user/influencers', user, searchInfluencers(ctx));
  router.post('/influencers/:id/follow', user, toggleFollow(ctx, 'follow'));
  router.post('/influencers/:id/unfollow', user, toggleFollow(ctx, 'unfollow'));
  return router;
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const page = pageNumber(req.query);
    const [account, { influencers, total }] = await Promise.all([
      ctx.services.users.getAccount(req.user!.id),
      ctx.services.follows.followedBy(req.user!.id, page),
    ]);
    if (!account) throw notFound('That account');
    res.render('pages/user/dashboard', {
      title: 'User dashboard',
      account,
      roleLabel: 'User',
      standing: null,
      influencers,
      following: new Set(influencers.map((i) => i.id)),
      returnTo: '/user',
      pagination: paginate('/user', {}, page, total, FOLLOWING_PAGE_SIZE),
    });
  };
}

function searchInfluencers(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const query = parseInfluencerQuery(req.query);
    const { influencers, total } = await ctx.services.influencers.search(query);
    const following = await ctx.services.follows.following(req.user!.id, influencers.map((i) => i.id));
    renderPageOrPartial(req, res, 'pages/user/influencers', 'partials/influencer-results', {
      title: 'Find influencers',
      searchPath: '/user/influencers',
      query,
      categories: INFLUENCER_CATEGORIES,
      sorts: INFLUENCER_SORTS,
      influencers,
      following,
      returnTo: req.originalUrl,
      pagination: paginate('/user/influencers', { ...query }, query.page, total, SEARCH_PAGE_SIZE),
    });
  };
}

/** Follow or unfollow: htmx swaps the toggle in place; without JavaScript, back to the list. */
function toggleFollow(ctx: AppContext, action: 'follow' | 'unfollow'): RequestHandler {
  return async (req, res) => {
    const id = parseId(req.params.id);
    const outcome = id === null ? 'not-found' : await ctx.services.follows[action](req.user!.id, id);
    if (outcome === 'not-found') throw notFound('That influencer');
    const influencer = await ctx.services.influencers.get(id!);
    res.vary('HX-Request');
    if (wantsFragment(req) && influencer) {
      return res.render('partials/follow-button', { influencer, following: action === 'follow', returnTo: localPath(req.body?.return_to) });
    }
    const name = influencer?.username ?? 'that influencer';
    flash(res, 'success', action === 'follow' ? `You follow ${name}.` : `You no longer follow ${name}.`);
    redirect(req, res, localPath(req.body?.return_to) ?? '/user/influencers');
  };
}
