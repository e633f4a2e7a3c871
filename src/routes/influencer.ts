// The influencer's pages: dashboard with earnings and collaborations, profile, finding campaigns.
import { type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { DUE_SOON_DAYS } from '../services/collaborations';
import { standingFor } from '../domain';
import { CAMPAIGN_SORTS } from '../domain';
import { SEARCH_PAGE_SIZE } from '../services/influencers';
import { parseCampaignQuery } from '../validation/search';
import { renderPageOrPartial } from '../web/htmx';
import { paginate } from '../web/pagination';
import { PLATFORMS } from '../creators';
import { bpInput } from '../format';
import type { FieldErrors } from '../validation/form';
import { platformForm, ratesForm } from '../validation/creators';
import type { PlatformAccount } from '../services/creators';
import { loadById } from '../web/load';
import { renderProfile, showProfile, updateProfile } from '../web/profile';
import { formRoute, respond } from '../web/respond';

export default function influencerRoutes(ctx: AppContext): Router {
  const router = Router();
  const influencer = requireRole('influencer');
  const own = loadById({ local: 'platform', what: 'That platform account' }, (id, req) => ctx.services.creators.ownPlatform(req.user!, id));
  //          path                       guards       handler
  router.get('/influencer', influencer, dashboard(ctx));
  router.get('/influencer/profile', influencer, showProfile(ctx));
  router.post('/influencer/profile', influencer, updateProfile(ctx));
  router.get('/influencer/platforms/new', influencer, newPlatform);
  router.post('/influencer/platforms', influencer, addPlatform(ctx));
  router.get('/influencer/platforms/:id', influencer, own, editPlatform);
  router.post('/influencer/platforms/:id', influencer, own, updatePlatform(ctx));
  router.get('/influencer/platforms/:id/delete', influencer, own, confirmRemovePlatform);
  router.post('/influencer/platforms/:id/delete', influencer, own, removePlatform(ctx));
  router.post('/influencer/rates', influencer, saveRates(ctx));
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

const platformOf = (res: Response) => res.locals.platform as PlatformAccount;
const PLATFORMS_SECTION = '/influencer/profile#platforms';

function addPlatform(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: (req) => platformForm(req.body),
    render: (_req, res, values, errors, status) => renderPlatform(res, values, errors, status),
    async submit(req, res, input) {
      await ctx.services.creators.addPlatform(req.user!, input);
      respond(req, res, { flash: `${PLATFORMS[input.platform].label} account added.`, redirect: PLATFORMS_SECTION });
    },
  });
}

/** The form of a new platform account, or of the one loaded (res.locals.platform). */
function renderPlatform(res: Response, values: Record<string, string>, errors: FieldErrors, status = 200) {
  const platform = res.locals.platform as PlatformAccount | undefined;
  const title = platform ? `Update ${PLATFORMS[platform.platform].label} ${platform.handle}` : 'Add a platform';
  res.status(status).render('pages/influencer/platform', { title, platform: platform ?? null, values, errors });
}

const newPlatform: RequestHandler = (_req, res) => renderPlatform(res, {}, {});

const editPlatform: RequestHandler = (_req, res) => {
  const p = platformOf(res);
  renderPlatform(res, { platform: p.platform, handle: p.handle, followers: String(p.followers), avg_views: String(p.avgViews), engagement_rate: bpInput(p.engagementBp) }, {});
};

function updatePlatform(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: (req) => platformForm(req.body),
    render: (_req, res, values, errors, status) => renderPlatform(res, values, errors, status),
    async submit(req, res, input) {
      await ctx.services.creators.updatePlatform(req.user!, platformOf(res).id, input);
      respond(req, res, { flash: `${PLATFORMS[input.platform].label} figures saved.`, redirect: PLATFORMS_SECTION });
    },
  });
}

const confirmRemovePlatform: RequestHandler = (_req, res) => {
  const platform = platformOf(res);
  res.render('pages/influencer/remove-platform', { title: `Remove ${PLATFORMS[platform.platform].label} account ${platform.handle}?`, platform });
};

function removePlatform(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const removed = await ctx.services.creators.removePlatform(req.user!, platformOf(res).id);
    respond(req, res, { flash: `${PLATFORMS[removed.platform].label} account ${removed.handle} removed.`, redirect: PLATFORMS_SECTION });
  };
}

function saveRates(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: (req) => ratesForm(req.body),
    render: (req, res, values, errors, status) => renderProfile(ctx, req, res, { form: 'rates', values, errors }, status),
    async submit(req, res, rates) {
      await ctx.services.creators.saveRates(req.user!, rates);
      respond(req, res, { flash: 'Rate card saved.', redirect: '/influencer/profile#rates' });
    },
  });
}
