// Offers: a sponsor proposes a collaboration to an influencer, an influencer asks a sponsor to join
// a campaign; the side it is addressed to accepts or rejects it; the sponsor records the payment.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { formatMoney, today } from '../format';
import type { CampaignWithProgress } from '../services/campaigns';
import type { InfluencerCard } from '../services/influencers';
import { type Decision, OFFERS_NEED_APPROVAL, offerProblems } from '../services/offers';
import type { FieldErrors } from '../validation/fields';
import { type OfferFields, validateOffer } from '../validation/offers';
import { parseId } from '../validation/search';
import { flash } from '../web/flash';
import { redirect, wantsFragment } from '../web/htmx';

export default function offerRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  const either = requireRole('sponsor', 'influencer');
  //          path                  guards    handler
  router.get('/offers/new', either, newOffer(ctx));
  router.post('/offers', either, sendOffer(ctx));
  router.post('/offers/:id/accept', either, answer(ctx, 'accept'));
  router.post('/offers/:id/reject', either, answer(ctx, 'reject'));
  router.post('/offers/:id/paid', sponsor, markPaid(ctx));
  return router;
}

/** A campaign an influencer may ask to join: public, unflagged, not over, its sponsor active. */
async function findableCampaign(ctx: AppContext, id: number | null): Promise<CampaignWithProgress | undefined> {
  const campaign = id === null ? undefined : await ctx.services.campaigns.get(id);
  const findable = campaign && campaign.visibility === 'public' && !campaign.flagged && campaign.sponsorActive && campaign.endDate >= today();
  return findable ? campaign : undefined;
}

async function renderSponsorForm(
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

function renderRequestForm(res: Response, campaign: CampaignWithProgress, values: Partial<OfferFields>, errors: FieldErrors, status = 200) {
  res.status(status).render('pages/offers/request', {
    title: `Ask to join “${campaign.title}”`,
    campaign,
    values: { campaign_id: String(campaign.id), ...values },
    errors,
  });
}

function newOffer(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const me = req.user!;
    if (me.role === 'influencer') {
      const campaign = await findableCampaign(ctx, parseId(req.query.campaign_id));
      if (!campaign) throw notFound('That campaign');
      return renderRequestForm(res, campaign, {}, {});
    }
    if (me.status !== 'active') throw new HttpError(403, OFFERS_NEED_APPROVAL);
    const id = parseId(req.query.influencer_id);
    const influencer = id === null ? undefined : await ctx.services.influencers.get(id);
    if (!influencer) throw notFound('That influencer');
    const campaignId = typeof req.query.campaign_id === 'string' ? req.query.campaign_id : '';
    await renderSponsorForm(ctx, res, me.id, influencer, { campaign_id: campaignId }, {});
  };
}

function sendOffer(ctx: AppContext): RequestHandler {
  return (req, res) => (req.user!.role === 'influencer' ? sendRequest(ctx, req, res) : sendSponsorOffer(ctx, req, res));
}

async function sendSponsorOffer(ctx: AppContext, req: Request, res: Response) {
  const sponsorId = req.user!.id;
  if (req.user!.status !== 'active') throw new HttpError(403, OFFERS_NEED_APPROVAL);
  const form = validateOffer(req.body);
  const influencerId = parseId(form.values.influencer_id);
  const influencer = influencerId === null ? undefined : await ctx.services.influencers.get(influencerId);
  if (!influencer) throw notFound('That influencer');
  if (!form.input) return renderSponsorForm(ctx, res, sponsorId, influencer, form.values, form.errors, 422);

  const campaign = await ctx.services.campaigns.getForSponsor(form.input.campaignId, sponsorId);
  const errors: FieldErrors = campaign ? offerProblems(campaign, form.input.budgetCents) : { campaign_id: 'Choose one of your campaigns.' };
  if (!campaign || Object.keys(errors).length > 0) return renderSponsorForm(ctx, res, sponsorId, influencer, form.values, errors, 422);

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
}

/** An influencer's request to join a campaign: an offer the sponsor answers. */
async function sendRequest(ctx: AppContext, req: Request, res: Response) {
  const influencerId = req.user!.id;
  const form = validateOffer({ ...req.body, influencer_id: String(influencerId) });
  const campaign = await findableCampaign(ctx, parseId(form.values.campaign_id));
  if (!campaign) throw notFound('That campaign');
  if (!form.input) return renderRequestForm(res, campaign, form.values, form.errors, 422);
  const problems = offerProblems(campaign, form.input.budgetCents);
  if (Object.keys(problems).length > 0) return renderRequestForm(res, campaign, form.values, problems, 422);
  await ctx.services.offers.send({
    campaignId: campaign.id,
    sponsorId: campaign.sponsorId,
    influencerId,
    proposedBy: influencerId,
    budgetCents: form.input.budgetCents,
    terms: form.input.terms,
    body: form.input.body || `I would like to join “${campaign.title}” for ${formatMoney(form.input.budgetCents)}.`,
  });
  flash(res, 'success', `Request sent to ${campaign.sponsorUsername}.`);
  redirect(req, res, `/inbox/${campaign.sponsorId}`);
}

function answer(ctx: AppContext, decision: Decision): RequestHandler {
  return async (req, res) => {
    const me = req.user!;
    const id = parseId(req.params.id);
    const result = id === null ? undefined : await ctx.services.offers.answer(id, me.id, decision);
    if (!result || (!result.ok && result.reason === 'not-found')) throw notFound('That offer');
    if (!result.ok) throw new HttpError(result.reason === 'own-offer' ? 403 : 409, result.message);
    const counterpartId = me.role === 'sponsor' ? result.influencerId : result.sponsorId;
    flash(res, 'success', result.status === 'accepted' ? 'Offer accepted: the collaboration is on.' : 'Offer declined.');
    redirect(req, res, `/inbox/${counterpartId}`);
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
    flash(
      res,
      outcome === 'paid' ? 'success' : 'info',
      outcome === 'paid' ? `Marked ${offer.influencerUsername}’s collaboration paid.` : 'That collaboration was already marked paid.',
    );
    redirect(req, res, `/campaigns/${offer.campaignId}`);
  };
}
