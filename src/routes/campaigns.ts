// Campaigns: a sponsor creates, edits, publishes and deletes its own; admins and (for public,
// unflagged ones) influencers view them. Who may see and do what is the campaigns service's.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { vetted } from '../domain';
import { moneyInput } from '../format';
import type { CampaignView, CampaignWithProgress } from '../services/campaigns';
import { isCollaboration } from '../services/offers';
import { type CampaignFields, campaignForm } from '../validation/campaigns';
import type { FieldErrors } from '../validation/form';
import { localPath } from '../web/htmx';
import { idParam, loadById } from '../web/load';
import { formRoute, respond } from '../web/respond';

export default function campaignRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  const own = loadById({ local: 'campaign', what: 'That campaign' }, (id, req) => ctx.services.campaigns.getOwn(req.user!, id));
  const visible = loadById({ local: 'shown', what: 'That campaign' }, (id, req) => ctx.services.campaigns.view(req.user!, id));
  //          path                         guards                                  handler
  router.get('/campaigns/new', sponsor, newCampaign);
  router.post('/campaigns', sponsor, createCampaign(ctx));
  router.get('/campaigns/:id', requireRole('sponsor', 'admin', 'influencer'), visible, showCampaign(ctx));
  router.get('/campaigns/:id/edit', sponsor, own, editCampaign);
  router.post('/campaigns/:id', sponsor, own, updateCampaign(ctx));
  router.get('/campaigns/:id/delete', sponsor, own, confirmDelete);
  router.post('/campaigns/:id/delete', sponsor, deleteCampaign(ctx));
  router.post('/campaigns/:id/visibility', sponsor, toggleVisibility(ctx));
  return router;
}

function campaignOf(res: Response): CampaignWithProgress {
  return res.locals.campaign as CampaignWithProgress;
}

function renderForm(res: Response, mode: 'new' | 'edit', values: Partial<CampaignFields>, errors: FieldErrors, status = 200) {
  const campaign = mode === 'edit' ? campaignOf(res) : null;
  res.status(status).render('pages/campaigns/form', {
    title: campaign ? `Edit “${campaign.title}”` : 'New campaign',
    action: campaign ? `/campaigns/${campaign.id}` : '/campaigns',
    cancelHref: campaign ? `/campaigns/${campaign.id}` : '/sponsor',
    submitLabel: campaign ? 'Save changes' : 'Create campaign',
    values,
    errors,
  });
}

const newCampaign: RequestHandler = (req, res) => {
  renderForm(res, 'new', { visibility: vetted(req.user!) ? 'public' : 'private' }, {});
};

const parseCampaign = (req: Request) => campaignForm(req.body);

function createCampaign(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: parseCampaign,
    render: (_req, res, values, errors, status) => renderForm(res, 'new', values, errors, status),
    async submit(req, res, input) {
      await ctx.services.campaigns.create(req.user!, input);
      respond(req, res, { flash: `Campaign “${input.title}” created.`, redirect: '/sponsor' });
    },
  });
}

function showCampaign(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const { campaign, can } = res.locals.shown as CampaignView;
    const [offers, results] = can.seeOffers
      ? await Promise.all([ctx.services.offers.forCampaign(req.user!, campaign.id), ctx.services.collaborations.campaignResults(campaign.id)])
      : [[], null];
    res.render('pages/campaigns/show', {
      title: campaign.title,
      campaign,
      can,
      offers,
      results,
      collaborations: offers.filter(isCollaboration),
    });
  };
}

const editCampaign: RequestHandler = (_req, res) => {
  const c = campaignOf(res);
  renderForm(res, 'edit', {
    title: c.title,
    description: c.description,
    niche: c.niche ?? '',
    start_date: c.startDate,
    end_date: c.endDate,
    budget: moneyInput(c.budgetCents),
    visibility: c.visibility,
    goals: c.goals,
  }, {});
};

function updateCampaign(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: parseCampaign,
    render: (_req, res, values, errors, status) => renderForm(res, 'edit', values, errors, status),
    async submit(req, res, input) {
      const { id } = campaignOf(res);
      await ctx.services.campaigns.update(req.user!, id, input);
      respond(req, res, { flash: 'Campaign saved.', redirect: `/campaigns/${id}` });
    },
  });
}

const confirmDelete: RequestHandler = (_req, res) => {
  const campaign = campaignOf(res);
  res.render('pages/campaigns/delete', { title: `Delete “${campaign.title}”?`, campaign });
};

function deleteCampaign(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = await ctx.services.campaigns.remove(req.user!, idParam(req, 'That campaign'));
    respond(req, res, { flash: `Campaign “${campaign.title}” deleted.`, redirect: '/sponsor' });
  };
}

/** The row toggles in place (htmx); without JavaScript, back to the page it was on. */
function toggleVisibility(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const shown = await ctx.services.campaigns.toggleVisibility(req.user!, idParam(req, 'That campaign'));
    const { campaign } = shown;
    respond(req, res, {
      partial: 'partials/campaign-row',
      data: shown,
      flash: `“${campaign.title}” is now ${campaign.visibility}.`,
      redirect: localPath(req.body?.return_to) ?? '/sponsor',
    });
  };
}
