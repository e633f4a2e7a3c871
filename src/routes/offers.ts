// Offers: a sponsor proposes a collaboration to an influencer, an influencer asks a sponsor to join
// a campaign; the side it is addressed to accepts or rejects it; the sponsor records the payment.
// The rules of each step are the offers service's; the forms here differ only in what they show.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { byRole, requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { Forbidden, NotFound } from '../errors';
import { canPropose, type Decision, OFFERS_NEED_APPROVAL } from '../services/offers';
import type { FieldErrors } from '../validation/fields';
import { type OfferFields, validateOffer } from '../validation/offers';
import { parseId } from '../validation/search';
import { formRoute, respond } from '../web/respond';

export default function offerRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  const either = requireRole('sponsor', 'influencer');
  //          path                  guards and handler, by role
  router.get('/offers/new', ...byRole({ sponsor: newOffer(ctx), influencer: newRequest(ctx) }));
  router.post('/offers', ...byRole({ sponsor: sendOffer(ctx), influencer: sendRequest(ctx) }));
  router.post('/offers/:id/accept', either, answer(ctx, 'accept'));
  router.post('/offers/:id/reject', either, answer(ctx, 'reject'));
  router.post('/offers/:id/paid', sponsor, markPaid(ctx));
  return router;
}

/** The influencer the sponsor's form is addressed to (an active one), else NotFound. */
async function addressee(ctx: AppContext, id: unknown) {
  const influencerId = parseId(id);
  const influencer = influencerId === null ? undefined : await ctx.services.influencers.get(influencerId);
  if (!influencer) throw new NotFound('That influencer');
  return influencer;
}

/** The campaign an influencer's request is about: one they can see and that is not over, else NotFound. */
async function requested(ctx: AppContext, req: Request, id: unknown) {
  const campaignId = parseId(id);
  if (campaignId === null) throw new NotFound('That campaign');
  return ctx.services.campaigns.getRequestable(req.user!, campaignId);
}

async function renderSponsorForm(ctx: AppContext, req: Request, res: Response, values: Partial<OfferFields>, errors: FieldErrors, status = 200) {
  const influencer = await addressee(ctx, values.influencer_id);
  const campaigns = await ctx.services.campaigns.negotiable(req.user!, influencer.id);
  res.status(status).render('pages/offers/new', {
    title: `Send an offer to ${influencer.username}`,
    influencer,
    campaigns,
    values: { ...values, influencer_id: String(influencer.id) },
    errors,
  });
}

async function renderRequestForm(ctx: AppContext, req: Request, res: Response, values: Partial<OfferFields>, errors: FieldErrors, status = 200) {
  const campaign = await requested(ctx, req, values.campaign_id);
  res.status(status).render('pages/offers/request', {
    title: `Ask to join “${campaign.title}”`,
    campaign,
    values: { ...values, campaign_id: String(campaign.id) },
    errors,
  });
}

function newOffer(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    if (!canPropose(req.user!)) throw new Forbidden(OFFERS_NEED_APPROVAL);
    const campaignId = typeof req.query.campaign_id === 'string' ? req.query.campaign_id : '';
    const influencerId = typeof req.query.influencer_id === 'string' ? req.query.influencer_id : '';
    await renderSponsorForm(ctx, req, res, { campaign_id: campaignId, influencer_id: influencerId }, {});
  };
}

function newRequest(ctx: AppContext): RequestHandler {
  return (req, res) => renderRequestForm(ctx, req, res, { campaign_id: typeof req.query.campaign_id === 'string' ? req.query.campaign_id : '' }, {});
}

function sendOffer(ctx: AppContext): RequestHandler {
  return formRoute({
    async parse(req) {
      if (!canPropose(req.user!)) throw new Forbidden(OFFERS_NEED_APPROVAL);
      const form = validateOffer(req.body);
      await addressee(ctx, form.values.influencer_id);
      return form;
    },
    render: (req, res, values, errors, status) => renderSponsorForm(ctx, req, res, values, errors, status),
    async submit(req, res, input) {
      const { campaign } = await ctx.services.offers.propose(req.user!, input.influencerId, { ...input, via: 'form' });
      const influencer = await addressee(ctx, String(input.influencerId));
      respond(req, res, { flash: `Offer sent to ${influencer.username}.`, redirect: `/campaigns/${campaign.id}` });
    },
  });
}

/** An influencer's request to join a campaign: an offer the sponsor answers. */
function sendRequest(ctx: AppContext): RequestHandler {
  return formRoute({
    async parse(req) {
      const form = validateOffer({ ...req.body, influencer_id: String(req.user!.id) });
      await requested(ctx, req, form.values.campaign_id);
      return form;
    },
    render: (req, res, values, errors, status) => renderRequestForm(ctx, req, res, values, errors, status),
    async submit(req, res, input) {
      const campaign = await requested(ctx, req, String(input.campaignId));
      await ctx.services.offers.propose(req.user!, campaign.sponsorId, { ...input, via: 'form' });
      respond(req, res, { flash: `Request sent to ${campaign.sponsorUsername}.`, redirect: `/inbox/${campaign.sponsorId}` });
    },
  });
}

function answer(ctx: AppContext, decision: Decision): RequestHandler {
  return async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw new NotFound('That offer');
    const { status, counterpartId } = await ctx.services.offers.answer(req.user!, id, decision);
    respond(req, res, {
      flash: status === 'accepted' ? 'Offer accepted: the collaboration is on.' : 'Offer declined.',
      redirect: `/inbox/${counterpartId}`,
    });
  };
}

function markPaid(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw new NotFound('That offer');
    const { offer, newlyPaid } = await ctx.services.offers.markPaid(req.user!, id);
    respond(req, res, {
      partial: 'partials/collaboration-row',
      data: { offer, canPay: true },
      flash: newlyPaid
        ? `Marked ${offer.influencerUsername}’s collaboration paid.`
        : { kind: 'info', text: 'That collaboration was already marked paid.' },
      redirect: `/campaigns/${offer.campaignId}`,
    });
  };
}
