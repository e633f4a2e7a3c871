// Offers: a sponsor proposes a collaboration to an influencer, an influencer asks a sponsor to join
// a campaign; the side it is addressed to accepts or rejects it; the sponsor records the payment.
// The rules of each step are the offers service's; the forms here differ only in what they show.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { byRole, requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { Forbidden, NotFound } from '../errors';
import type { CampaignWithProgress } from '../services/campaigns';
import type { InfluencerCard } from '../services/influencers';
import { canPropose, type Decision, OFFERS_NEED_APPROVAL } from '../services/offers';
import type { FieldErrors } from '../validation/form';
import { type OfferFields, offerForm } from '../validation/offers';
import { field, parseId } from '../validation/form';
import { localPath, wantsFragment } from '../web/htmx';
import { idParam } from '../web/load';
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

/**
 * The sponsor's form is addressed to an active influencer (`influencer_id` in the query or the
 * form), loaded once into res.locals, else NotFound.
 */
async function loadAddressee(ctx: AppContext, res: Response, id: unknown): Promise<InfluencerCard> {
  const influencerId = parseId(id);
  const influencer = influencerId === null ? undefined : await ctx.services.influencers.get(influencerId);
  if (!influencer) throw new NotFound('That influencer');
  return (res.locals.influencer = influencer);
}

/** The campaign an influencer's request is about (one they can see, not over), loaded once, else NotFound. */
async function loadRequested(ctx: AppContext, req: Request, res: Response, id: unknown): Promise<CampaignWithProgress> {
  const campaignId = parseId(id);
  if (campaignId === null) throw new NotFound('That campaign');
  return (res.locals.campaign = await ctx.services.campaigns.getRequestable(req.user!, campaignId));
}

async function renderSponsorForm(ctx: AppContext, req: Request, res: Response, values: Partial<OfferFields>, errors: FieldErrors, status = 200) {
  const influencer = res.locals.influencer as InfluencerCard;
  res.status(status).render('pages/offers/new', {
    title: `Send an offer to ${influencer.username}`,
    influencer,
    campaigns: await ctx.services.campaigns.negotiable(req.user!, influencer.id),
    values: { ...values, influencer_id: String(influencer.id) },
    errors,
  });
}

function renderRequestForm(res: Response, values: Partial<OfferFields>, errors: FieldErrors, status = 200) {
  const campaign = res.locals.campaign as CampaignWithProgress;
  res.status(status).render('pages/offers/request', {
    title: `Ask to join “${campaign.title}”`,
    campaign,
    values: { ...values, campaign_id: String(campaign.id) },
    errors,
  });
}

const queried = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');

function newOffer(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    if (!canPropose(req.user!)) throw new Forbidden(OFFERS_NEED_APPROVAL);
    await loadAddressee(ctx, res, req.query.influencer_id);
    await renderSponsorForm(ctx, req, res, { campaign_id: queried(req, 'campaign_id') }, {});
  };
}

function newRequest(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    await loadRequested(ctx, req, res, req.query.campaign_id);
    renderRequestForm(res, { campaign_id: queried(req, 'campaign_id') }, {});
  };
}

function sendOffer(ctx: AppContext): RequestHandler {
  return formRoute({
    async parse(req, res) {
      if (!canPropose(req.user!)) throw new Forbidden(OFFERS_NEED_APPROVAL);
      const form = offerForm(req.body);
      await loadAddressee(ctx, res, form.values.influencer_id);
      return form;
    },
    render: (req, res, values, errors, status) => renderSponsorForm(ctx, req, res, values, errors, status),
    async submit(req, res, input) {
      const { campaign } = await ctx.services.offers.propose(req.user!, input.influencerId, { ...input, via: 'form' });
      respond(req, res, { flash: `Offer sent to ${(res.locals.influencer as InfluencerCard).username}.`, redirect: `/campaigns/${campaign.id}` });
    },
  });
}

/** An influencer's request to join a campaign: an offer the sponsor answers. */
function sendRequest(ctx: AppContext): RequestHandler {
  return formRoute({
    async parse(req, res) {
      const form = offerForm({ ...req.body, influencer_id: String(req.user!.id) });
      await loadRequested(ctx, req, res, form.values.campaign_id);
      return form;
    },
    render: (_req, res, values, errors, status) => renderRequestForm(res, values, errors, status),
    async submit(req, res, input) {
      const { campaign } = await ctx.services.offers.propose(req.user!, (res.locals.campaign as CampaignWithProgress).sponsorId, { ...input, via: 'form' });
      respond(req, res, { flash: `Request sent to ${campaign.sponsorUsername}.`, redirect: `/inbox/${campaign.sponsorId}` });
    },
  });
}

const ANSWERED = {
  accepted: 'Offer accepted: the collaboration is on. Open it from the offer in this chat, or from Collaborations.',
  rejected: 'Offer declined.',
} as const;

function answer(ctx: AppContext, decision: Decision): RequestHandler {
  return async (req, res) => {
    const { status, counterpartId } = await ctx.services.offers.answer(req.user!, idParam(req, 'That offer'), decision);
    respond(req, res, {
      flash: ANSWERED[status],
      redirect: `/inbox/${counterpartId}`,
    });
  };
}

function markPaid(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const confirmed = field(req.body, 'confirm') === 'yes';
    const { offer, newlyPaid, unapproved } = await ctx.services.offers.markPaid(req.user!, idParam(req, 'That offer'), { confirmed });
    const back = localPath(field(req.body, 'return_to')) ?? `/campaigns/${offer.campaignId}`;
    if (unapproved.length > 0) {
      // Not yet: the sponsor is asked first, in place (htmx) or on a page of its own.
      const data = { offer, unapproved, returnTo: back };
      return wantsFragment(req) ? res.render('partials/confirm-paid', { ...data, inline: true }) : res.render('pages/offers/confirm-paid', { ...data, title: 'Mark paid before every deliverable is approved?' });
    }
    respond(req, res, {
      partial: 'partials/collaboration-row',
      // Paid now (or already): the row shows when, and no button.
      data: { offer, canPay: false },
      flash: newlyPaid
        ? `Marked ${offer.influencerUsername}’s collaboration paid.`
        : { kind: 'info', text: 'That collaboration was already marked paid.' },
      redirect: back,
    });
  };
}
