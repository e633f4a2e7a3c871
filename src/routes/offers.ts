// Offers: a sponsor proposes a collaboration to an influencer, and records its payment.
import { type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { formatMoney, today } from '../format';
import type { InfluencerCard } from '../services/influencers';
import type { FieldErrors } from '../validation/fields';
import { type OfferFields, validateOffer } from '../validation/offers';
import { parseId } from '../validation/search';
import { flash } from '../web/flash';
import { redirect, wantsFragment } from '../web/htmx';

export default function offerRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  //          path                guards    handler
  router.get('/offers/new', sponsor, newOffer(ctx));
  router.post('/offers', sponsor, sendOffer(ctx));
  router.post('/offers/:id/paid', sponsor, markPaid(ctx));
  return router;
}

const APPROVAL_NEEDED = 'Your sponsor account awaits the admin’s approval: you can send offers once it is approved.';

async function renderForm(
  ctx: AppContext,
  res: Response,
  sponsorId: number,
  influencer: InfluencerCard,
  values: Partial<OfferFields>,
  errors: FieldErrors,
  status = 200,
) {
  const campaigns = await ctx.services.campaigns.offerable(sponsorId);
  res.status(status).render('pages/offers/new', {
    title: `Send an offer to ${influencer.username}`,
    influencer,
    campaigns,
    values: { influencer_id: String(influencer.id), ...values },
    errors,
  });
}

function newOffer(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    if (req.user!.status !== 'active') throw new HttpError(403, APPROVAL_NEEDED);
    const id = parseId(req.query.influencer_id);
    const influencer = id === null ? undefined : await ctx.services.influencers.get(id);
    if (!influencer) throw notFound('That influencer');
    const campaignId = typeof req.query.campaign_id === 'string' ? req.query.campaign_id : '';
    await renderForm(ctx, res, req.user!.id, influencer, { campaign_id: campaignId }, {});
  };
}

function sendOffer(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const sponsorId = req.user!.id;
    if (req.user!.status !== 'active') throw new HttpError(403, APPROVAL_NEEDED);
    const form = validateOffer(req.body);
    const influencerId = parseId(form.values.influencer_id);
    const influencer = influencerId === null ? undefined : await ctx.services.influencers.get(influencerId);
    if (!influencer) throw notFound('That influencer');
    if (!form.input) return renderForm(ctx, res, sponsorId, influencer, form.values, form.errors, 422);

    const campaign = await ctx.services.campaigns.getForSponsor(form.input.campaignId, sponsorId);
    const errors: FieldErrors = {};
    if (!campaign) errors.campaign_id = 'Choose one of your campaigns.';
    else if (campaign.flagged) errors.campaign_id = 'This campaign is flagged by the admin and cannot receive offers.';
    else if (campaign.endDate < today()) errors.campaign_id = 'This campaign has ended.';
    else if (form.input.budgetCents > campaign.remainingCents) {
      errors.budget = `Only ${formatMoney(campaign.remainingCents)} of this campaign’s budget is left.`;
    }
    if (!campaign || Object.keys(errors).length > 0) return renderForm(ctx, res, sponsorId, influencer, form.values, errors, 422);

    await ctx.services.offers.send({
      campaignId: campaign.id,
      sponsorId,
      influencerId: influencer.id,
      proposedBy: sponsorId,
      budgetCents: form.input.budgetCents,
      terms: form.input.terms,
      body: form.input.body || `New offer on “${campaign.title}”: ${formatMoney(form.input.budgetCents)}.`,
    });
    flash(res, 'success', `Offer sent to ${influencer.username}.`);
    redirect(req, res, `/campaigns/${campaign.id}`);
  };
}

function markPaid(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const id = parseId(req.params.id);
    const outcome = id === null ? 'not-found' : await ctx.services.offers.markPaid(id, req.user!.id);
    if (outcome === 'not-found') throw notFound('That offer');
    if (outcome === 'not-accepted') throw new HttpError(409, 'Only an accepted collaboration can be marked paid.');
    const offer = (await ctx.services.offers.get(id!))!;
    res.vary('HX-Request');
    if (wantsFragment(req)) return res.render('partials/collaboration-row', { offer, manages: true });
    flash(res, outcome === 'paid' ? 'success' : 'info', outcome === 'paid' ? `Marked ${offer.influencerUsername}’s collaboration paid.` : 'That collaboration was already marked paid.');
    redirect(req, res, `/campaigns/${offer.campaignId}`);
  };
}
