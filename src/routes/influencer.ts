// The influencer's pages: dashboard with earnings and collaborations, profile, finding campaigns.
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { DUE_SOON_DAYS } from '../services/collaborations';
import { standingFor } from '../domain';
import { CAMPAIGN_SORTS } from '../domain';
import { SEARCH_PAGE_SIZE } from '../services/influencers';
import { parseCampaignQuery } from '../validation/search';
import { renderPageOrPartial } from '../web/htmx';
import { paginate } from '../web/pagination';
import { showProfile, updateProfile } from '../web/profile';

export default function influencerRoutes(ctx: AppContext): Router {
  const router = Router();
  const influencer = requireRole('influencer');
  //          path                       guards       handler
  router.get('/influencer', influencer, dashboard(ctx));
  router.get('/influencer/profile', influencer, showProfile(ctx));
  router.post('/influencer/profile', influencer, updateProfile(ctx));
  router.get('/influencer/campaigns', influencer, searchCampaigns(ctx));
  return router;
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const id = req.user!.id;
    const [account, earnings, active, due] = await Promise.all([
      ctx.services.users.getAccountOrFail(id),
      ctx.services.offers.earnings(id),
      // The same "active" as /collaborations?state=active: one definition, in the service.
      ctx.services.collaborations.list(req.user!, { state: 'active', page: 1 }),
      ctx.services.collaborations.dueSoon(id),
    ]);
    res.render('pages/influencer/dashboard', {
      title: 'Influencer dashboard',
      account,
      standing: standingFor(account.followerCount),
      earnings,
      collaborations: active.collaborations,
      activeTotal: active.total,
      due,
      dueSoonDays: DUE_SOON_DAYS,
    });
  };
}

function searchCampaigns(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const query = parseCampaignQuery(req.query);
    const { campaigns, total, atLeast } = await ctx.services.campaigns.searchPublic(query);
    renderPageOrPartial(req, res, 'pages/influencer/campaigns', 'partials/campaign-results', {
      title: 'Find campaigns',
      query,
      sorts: CAMPAIGN_SORTS,
      campaigns,
      pagination: paginate('/influencer/campaigns', { ...query }, query.page, total, SEARCH_PAGE_SIZE, 'page', atLeast),
    });
  };
}
