// Campaigns: a sponsor creates, edits, publishes and deletes its own; admins and (for public,
// unflagged ones) influencers view them.
import { type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { formatMoney, moneyInput } from '../format';
import type { CampaignWithProgress } from '../services/campaigns';
import { type CampaignFields, validateCampaign } from '../validation/campaigns';
import type { FieldErrors } from '../validation/fields';
import { flash } from '../web/flash';
import { localPath, redirect, wantsFragment } from '../web/htmx';
import { loadById } from '../web/load';

export default function campaignRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  const own = loadOwnCampaign(ctx);
  //          path                         guards                                          handler
  router.get('/campaigns/new', sponsor, newCampaign);
  router.post('/campaigns', sponsor, createCampaign(ctx));
  router.get('/campaigns/:id', requireRole('sponsor', 'admin', 'influencer'), loadVisibleCampaign(ctx), showCampaign(ctx));
  router.get('/campaigns/:id/edit', sponsor, own, editCampaign);
  router.post('/campaigns/:id', sponsor, own, updateCampaign(ctx));
  router.get('/campaigns/:id/delete', sponsor, own, confirmDelete);
  router.post('/campaigns/:id/delete', sponsor, own, deleteCampaign(ctx));
  router.post('/campaigns/:id/visibility', sponsor, own, toggleVisibility(ctx));
  return router;
}

function campaignOf(res: Response): CampaignWithProgress {
  return res.locals.campaign as CampaignWithProgress;
}

/** The campaign in the URL, only when it is the signed-in sponsor's own: 404 otherwise. */
function loadOwnCampaign(ctx: AppContext): RequestHandler {
  return loadById({ local: 'campaign', what: 'That campaign' }, (id, req) => ctx.services.campaigns.getForSponsor(id, req.user!.id));
}

/** Its sponsor and admins see any campaign; influencers see public, unflagged ones of active sponsors. */
function loadVisibleCampaign(ctx: AppContext): RequestHandler {
  return loadById({ local: 'campaign', what: 'That campaign' }, async (id, req) => {
    const campaign = await ctx.services.campaigns.get(id);
    const user = req.user!;
    const visible =
      campaign &&
      (user.role === 'admin' ||
        (user.role === 'sponsor' && campaign.sponsorId === user.id) ||
        (user.role === 'influencer' && campaign.visibility === 'public' && !campaign.flagged && campaign.sponsorActive));
    return visible ? campaign : undefined;
  });
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

const APPROVAL_NEEDED = 'Your sponsor account awaits the admin’s approval: until then a campaign can only be private.';

const newCampaign: RequestHandler = (req, res) => {
  renderForm(res, 'new', { visibility: req.user!.status === 'active' ? 'public' : 'private' }, {});
};

function createCampaign(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const form = validateCampaign(req.body);
    if (form.input?.visibility === 'public' && req.user!.status !== 'active') form.errors.visibility = APPROVAL_NEEDED;
    if (!form.input || form.errors.visibility) return renderForm(res, 'new', form.values, form.errors, 422);
    await ctx.services.campaigns.create(req.user!.id, form.input);
    flash(res, 'success', `Campaign “${form.input.title}” created.`);
    redirect(req, res, '/sponsor');
  };
}

function showCampaign(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = campaignOf(res);
    const user = req.user!;
    const manages = user.role === 'sponsor';
    const offers = manages || user.role === 'admin' ? await ctx.services.offers.forCampaign(campaign.id) : [];
    res.render('pages/campaigns/show', {
      title: campaign.title,
      campaign,
      manages,
      canPublish: user.status === 'active',
      offers,
      collaborations: offers.filter((o) => o.status === 'accepted'),
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
  return async (req, res) => {
    const campaign = campaignOf(res);
    const form = validateCampaign(req.body);
    if (form.input) {
      if (form.input.visibility === 'public' && campaign.visibility !== 'public' && req.user!.status !== 'active') {
        form.errors.visibility = APPROVAL_NEEDED;
      }
      if (form.input.budgetCents < campaign.progress.committedCents) {
        form.errors.budget = `Accepted offers already commit ${formatMoney(campaign.progress.committedCents)}; the budget cannot be lower.`;
      }
    }
    if (!form.input || Object.keys(form.errors).length > 0) return renderForm(res, 'edit', form.values, form.errors, 422);
    await ctx.services.campaigns.update(campaign.id, req.user!.id, form.input);
    flash(res, 'success', 'Campaign saved.');
    redirect(req, res, `/campaigns/${campaign.id}`);
  };
}

const confirmDelete: RequestHandler = (_req, res) => {
  const campaign = campaignOf(res);
  res.render('pages/campaigns/delete', { title: `Delete “${campaign.title}”?`, campaign });
};

function deleteCampaign(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = campaignOf(res);
    await ctx.services.campaigns.remove(campaign.id, req.user!.id);
    flash(res, 'success', `Campaign “${campaign.title}” deleted.`);
    redirect(req, res, '/sponsor');
  };
}

function toggleVisibility(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = campaignOf(res);
    const visibility = campaign.visibility === 'public' ? 'private' : 'public';
    if (visibility === 'public' && req.user!.status !== 'active') throw new HttpError(403, APPROVAL_NEEDED);
    await ctx.services.campaigns.setVisibility(campaign.id, req.user!.id, visibility);
    res.vary('HX-Request');
    if (wantsFragment(req)) {
      // The row toggles in place; it shows the campaign as it now is.
      return res.render('partials/campaign-row', { campaign: { ...campaign, visibility }, canPublish: true });
    }
    flash(res, 'success', `“${campaign.title}” is now ${visibility}.`);
    redirect(req, res, localPath(req.body?.return_to) ?? '/sponsor');
  };
}
