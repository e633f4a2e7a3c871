// The sponsor's pages: dashboard, profile, finding influencers.
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { INFLUENCER_CATEGORIES } from '../domain';
import { notFound } from '../errors';
import { DASHBOARD_PAGE_SIZE } from '../services/campaigns';
import { INFLUENCER_SORTS, SEARCH_PAGE_SIZE } from '../services/influencers';
import { pageNumber, parseInfluencerQuery } from '../validation/search';
import { renderPageOrPartial } from '../web/htmx';
import { paginate } from '../web/pagination';
import { showProfile, updateProfile } from './profile';

export default function sponsorRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  //          path                    guards    handler
  router.get('/sponsor', sponsor, dashboard(ctx));
  router.get('/sponsor/profile', sponsor, showProfile(ctx));
  router.post('/sponsor/profile', sponsor, updateProfile(ctx));
  router.get('/sponsor/influencers', sponsor, searchInfluencers(ctx));
  return router;
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const page = pageNumber(req.query);
    const [account, { campaigns, total }] = await Promise.all([
      ctx.services.users.getAccount(req.user!.id),
      ctx.services.campaigns.listForSponsor(req.user!.id, page),
    ]);
    if (!account) throw notFound('That account');
    res.render('pages/sponsor/dashboard', {
      title: 'Sponsor dashboard',
      account,
      roleLabel: 'Sponsor',
      standing: null,
      campaigns,
      canPublish: account.status === 'active',
      pagination: paginate('/sponsor', {}, page, total, DASHBOARD_PAGE_SIZE),
    });
  };
}

function searchInfluencers(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const query = parseInfluencerQuery(req.query);
    const { influencers, total } = await ctx.services.influencers.search(query);
    renderPageOrPartial(req, res, 'pages/sponsor/influencers', 'partials/influencer-results', {
      title: 'Find influencers',
      searchPath: '/sponsor/influencers',
      query,
      categories: INFLUENCER_CATEGORIES,
      sorts: INFLUENCER_SORTS,
      influencers,
      canOffer: req.user!.status === 'active',
      pagination: paginate('/sponsor/influencers', { ...query }, query.page, total, SEARCH_PAGE_SIZE),
    });
  };
}
