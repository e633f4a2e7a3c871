// Offers: a proposed collaboration on a campaign (budget, terms), its answer, and its payment.
// One rule for proposing (the offer form, an influencer's request, a counter-offer in the chat),
// one for answering, one for paying.
import { dependsOn, record, type Store } from '../changes';
import { now } from '../db';
import { mayMarkPaid, pairOf, reachable, type Viewer, vetted } from '../domain';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { formatMoney, today } from '../format';
import * as budget from './budget';
import { type CampaignsService, type CampaignWithProgress } from './campaigns';
import { recordEvent } from './collaborations';
import { counterpartOf, ensureReachable, postMessage } from './messages';

/** Why a sponsor that awaits approval (or was turned down) cannot send offers. */
export const OFFERS_NEED_APPROVAL = 'Your sponsor account awaits the admin’s approval: you can send offers once it is approved.';

/** Whether the viewer may propose offers at all: influencers always, sponsors once approved. */
export function canPropose(viewer: Viewer): boolean {
  return viewer.role === 'influencer' || (viewer.role === 'sponsor' && vetted(viewer));
}

/**
 * Why `campaign` cannot take an offer of `budgetCents` now, by form field (empty when it can): not
 * flagged, not over, with that much budget left. The one rule behind a sponsor's offer, an
 * influencer's request, a counter-offer in the chat and accepting.
 */
export function offerProblems(
  campaign: Pick<CampaignWithProgress, 'flagged' | 'endDate' | 'remainingCents'>,
  budgetCents: number,
  on = today(),
): { campaign_id?: string; budget?: string } {
  if (campaign.flagged) return { campaign_id: 'This campaign is flagged by the admin and cannot receive offers.' };
  if (campaign.endDate < on) return { campaign_id: 'This campaign has ended.' };
  if (budgetCents > campaign.remainingCents) return { budget: `Only ${formatMoney(campaign.remainingCents)} of this campaign’s budget is left.` };
  return {};
}

/**
 * Whether the viewer may answer this offer now: it is pending, the other side made it, and that
 * side's account is active (the rule {@link offersService} `answer` enforces; the chat shows the
 * buttons by it).
 */
export function canAnswer(viewer: Viewer, offer: { status: OfferStatus; proposedBy: number }, counterpart: { active: boolean }): boolean {
  return offer.status === 'pending' && offer.proposedBy !== viewer.id && counterpart.active;
}

/** An accepted offer is a collaboration: it commits budget and counts on both dashboards. */
export function isCollaboration(offer: { status: OfferStatus }): boolean {
  return offer.status === 'accepted';
}

export type OfferStatus = 'pending' | 'accepted' | 'rejected' | 'superseded';

export interface Offer {
  id: number;
  campaignId: number;
  campaignTitle: string;
  sponsorId: number;
  influencerId: number;
  influencerUsername: string;
  proposedBy: number;
  budgetCents: number;
  terms: string;
  status: OfferStatus;
  paidAt: number | null;
  createdAt: number;
}

interface OfferRow {
  id: number;
  campaign_id: number;
  campaign_title: string;
  sponsor_id: number;
  influencer_id: number;
  influencer_username: string;
  proposed_by: number;
  budget_cents: number | string;
  terms: string;
  status: OfferStatus;
  paid_at: number | string | null;
  created_at: number | string;
}

function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignTitle: row.campaign_title,
    sponsorId: row.sponsor_id,
    influencerId: row.influencer_id,
    influencerUsername: row.influencer_username,
    proposedBy: row.proposed_by,
    budgetCents: Number(row.budget_cents),
    terms: row.terms,
    status: row.status,
    paidAt: row.paid_at === null ? null : Number(row.paid_at),
    createdAt: Number(row.created_at),
  };
}

export interface NewOffer {
  campaignId: number;
  sponsorId: number;
  influencerId: number;
  proposedBy: number;
  budgetCents: number;
  terms: string;
  /** The chat message that carries the offer. */
  body: string;
}

export type Decision = 'accept' | 'reject';

/** What the viewer proposes to a counterpart: a budget and terms on one campaign, with a message. */
export interface Proposal {
  campaignId: number;
  budgetCents: number;
  terms: string;
  /** The chat message that carries it; empty for the default wording. */
  body: string;
  /** Where it was made: the default message reads as a counter-offer in the chat. */
  via: 'form' | 'chat';
}

export interface Earnings {
  agreedCents: number;
  paidCents: number;
  owedCents: number;
}

/** The chat message an offer carries when its author wrote none. */
function defaultBody(viewer: Viewer, proposal: Proposal, campaign: CampaignWithProgress): string {
  const money = formatMoney(proposal.budgetCents);
  if (proposal.via === 'chat') return `Offer: ${money} for “${campaign.title}”.`;
  return viewer.role === 'sponsor' ? `New offer on “${campaign.title}”: ${money}.` : `I would like to join “${campaign.title}” for ${money}.`;
}

export function offersService(store: Store, campaigns: CampaignsService) {
  const { db } = store;
  function offers() {
    return db('offers as o')
      .join('campaigns as c', 'c.id', 'o.campaign_id')
      .join('users as i', 'i.id', 'o.influencer_id')
      .select('o.*', 'c.title as campaign_title', 'i.username as influencer_username');
  }

  return {
    /** Every offer on a campaign, newest first. */
    async forCampaign(viewer: Viewer, campaignId: number): Promise<(Offer & { canPay: boolean })[]> {
      const rows = (await offers()
        .where('o.campaign_id', campaignId)
        .orderBy([
          { column: 'o.created_at', order: 'desc' },
          { column: 'o.id', order: 'desc' },
        ])) as OfferRow[];
      return rows.map((row) => {
        const offer = toOffer(row);
        return { ...offer, canPay: mayMarkPaid(viewer, offer) };
      });
    },

    async get(id: number): Promise<Offer | undefined> {
      const row = (await offers().where('o.id', id).first()) as OfferRow | undefined;
      return row && toOffer(row);
    },

    /**
     * The viewer proposes a collaboration to `counterpartId`: a sponsor's offer, an influencer's
     * request, or a counter-offer in their chat. The campaign must be one the two can negotiate
     * over, open and with enough budget left; the counterpart must be active.
     */
    async propose(viewer: Viewer, counterpartId: number, proposal: Proposal): Promise<{ offerId: number; campaign: CampaignWithProgress }> {
      if (!canPropose(viewer)) throw new Forbidden(OFFERS_NEED_APPROVAL);
      const counterpart = await counterpartOf(db, viewer, counterpartId);
      if (!counterpart) throw new NotFound('That account');
      ensureReachable(counterpart);
      const [campaign] = await campaigns.negotiable(viewer, counterpartId, { campaignId: proposal.campaignId, includeClosed: true });
      if (!campaign) {
        throw new Invalid({ campaign_id: viewer.role === 'sponsor' ? 'Choose one of your campaigns.' : 'Choose one of this sponsor’s campaigns.' });
      }
      const problems = offerProblems(campaign, proposal.budgetCents);
      if (Object.keys(problems).length > 0) throw new Invalid(problems);
      const offerId = await this.send({
        campaignId: campaign.id,
        ...pairOf(viewer, counterpartId),
        proposedBy: viewer.id,
        budgetCents: proposal.budgetCents,
        terms: proposal.terms,
        body: proposal.body || defaultBody(viewer, proposal, campaign),
      });
      return { offerId, campaign };
    },

    /**
     * Opens a pending offer and posts the chat message that carries it, in one transaction, after
     * the rules ({@link propose}) are met. A pending offer between the same two on the same
     * campaign is superseded by the new one.
     */
    async send(offer: NewOffer): Promise<number> {
      return store.write(async (trx) => {
        const at = now();
        const [row] = await trx('offers')
          .insert({
            campaign_id: offer.campaignId,
            sponsor_id: offer.sponsorId,
            influencer_id: offer.influencerId,
            proposed_by: offer.proposedBy,
            budget_cents: offer.budgetCents,
            terms: offer.terms,
            status: 'pending',
            created_at: at,
            updated_at: at,
          })
          .returning('id');
        const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
        await trx('offers')
          .where({ campaign_id: offer.campaignId, influencer_id: offer.influencerId, status: 'pending' })
          .whereNot({ id })
          .update({ status: 'superseded', superseded_by: id, updated_at: at });
        await postMessage(trx, {
          sponsorId: offer.sponsorId,
          influencerId: offer.influencerId,
          senderId: offer.proposedBy,
          body: offer.body,
          offerId: id,
        });
        record(trx, { kind: 'offer', offerId: id, sponsorId: offer.sponsorId, influencerId: offer.influencerId, now: 'pending' });
        return id;
      });
    },

    /**
     * Accepts or rejects a pending offer addressed to the viewer, in one transaction with the chat
     * message that says so. Accepting commits the budget: it fails when the campaign's remaining
     * budget is too small. Only one of two simultaneous answers wins (the update is conditional).
     */
    async answer(viewer: Viewer, id: number, decision: Decision): Promise<{ status: 'accepted' | 'rejected'; counterpartId: number }> {
      return store.write(async (trx) => {
        // PostgreSQL: lock the rows so concurrent accepts queue; SQLite runs one transaction at a time.
        const lock = <T extends { forUpdate(): T }>(q: T) => (trx.client.config.client === 'pg' ? q.forUpdate() : q);
        const offer = await lock(trx('offers').where({ id })).first();
        if (!offer || (offer.sponsor_id !== viewer.id && offer.influencer_id !== viewer.id)) throw new NotFound('That offer');
        if (offer.proposed_by === viewer.id) throw new Forbidden('You made this offer: the other side answers it.');
        if (offer.status === 'superseded') throw new Conflict('This offer was replaced by a newer one; answer that one instead.');
        if (offer.status !== 'pending') throw new Conflict(`This offer was already ${offer.status}.`);
        const other = await trx('users').select('username', 'status').where({ id: offer.proposed_by }).first();
        if (!other || !reachable(other)) throw new Forbidden(`${other?.username ?? 'The other side'}’s account is not active: its offers cannot be answered.`);
        const campaign = await lock(trx('campaigns').where({ id: offer.campaign_id })).first();
        if (decision === 'accept') {
          // The same rule as proposing, on the rows as locked now.
          const committed = await budget.committedOffers(trx).where('o.campaign_id', offer.campaign_id).sum({ cents: 'o.budget_cents' }).first();
          const remainingCents = Math.max(0, Number(campaign.budget_cents) - Number(committed?.cents ?? 0));
          const problems = offerProblems({ flagged: Boolean(campaign.flagged), endDate: campaign.end_date, remainingCents }, Number(offer.budget_cents));
          const problem = problems.campaign_id ?? problems.budget;
          if (problem) throw new Conflict(problem);
        }
        const status = decision === 'accept' ? 'accepted' : 'rejected';
        const at = now();
        const changed = await trx('offers').where({ id, status: 'pending' }).update({ status, answered_at: at, updated_at: at });
        if (changed === 0) throw new Conflict('This offer was already answered.');
        await postMessage(trx, {
          sponsorId: offer.sponsor_id,
          influencerId: offer.influencer_id,
          senderId: viewer.id,
          body: `${status === 'accepted' ? 'Accepted' : 'Declined'} the offer of ${formatMoney(Number(offer.budget_cents))} for “${campaign.title}”.`,
          offerId: id,
        });
        record(trx, { kind: 'offer', offerId: id, sponsorId: offer.sponsor_id, influencerId: offer.influencer_id, now: status });
        return { status, counterpartId: viewer.id === offer.sponsor_id ? offer.influencer_id : offer.sponsor_id };
      });
    },

    /** What an influencer has agreed, been paid and is still owed, over accepted offers. */
    async earnings(influencerId: number): Promise<Earnings> {
      return store.read(dependsOn.earnings(influencerId), `earnings:${influencerId}`, async () => {
        const row: { agreed?: number | string | null; paid?: number | string | null } | undefined = await budget
          .committedOffers(db)
          .where('o.influencer_id', influencerId)
          .sum({ agreed: 'o.budget_cents' })
          .sum({ paid: budget.paidCents(db) })
          .first();
        const agreedCents = Number(row?.agreed ?? 0);
        const paidCents = Number(row?.paid ?? 0);
        return { agreedCents, paidCents, owedCents: agreedCents - paidCents };
      });
    },

    /**
     * Records that the sponsor paid an accepted collaboration (no money moves here), and says so
     * in its history and the pair's chat. While some deliverable is not approved it only says which
     * (`unapproved`) unless `confirmed`: paying is never done without the sponsor knowing. Marking
     * it twice keeps the first date. Returns the offer as it now is, and whether this call paid it.
     */
    async markPaid(viewer: Viewer, id: number, { confirmed = false } = {}): Promise<{ offer: Offer; newlyPaid: boolean; unapproved: string[] }> {
      const current = await this.get(id);
      if (!current || current.sponsorId !== viewer.id) throw new NotFound('That offer');
      if (!mayMarkPaid(viewer, current)) {
        if (current.paidAt !== null) return { offer: current, newlyPaid: false, unapproved: [] };
        throw new Conflict('Only an accepted collaboration can be marked paid.');
      }
      if (!confirmed) {
        const unapproved: string[] = await db('deliverables').where({ offer_id: id }).whereNot('state', 'approved').orderBy([{ column: 'due_date' }, { column: 'id' }]).pluck('title');
        if (unapproved.length > 0) return { offer: current, newlyPaid: false, unapproved };
      }
      const changed = await store.write(async (trx) => {
        const at = now();
        const n = await trx('offers').where({ id, sponsor_id: viewer.id, status: 'accepted' }).whereNull('paid_at').update({ paid_at: at, updated_at: at });
        if (n > 0) {
          await recordEvent(trx, { ...current, offerId: id }, viewer.id, 'paid', `Marked the collaboration paid (${formatMoney(current.budgetCents)})`);
          record(trx, { kind: 'offer', offerId: id, sponsorId: current.sponsorId, influencerId: current.influencerId, now: 'paid' });
        }
        return n;
      });
      return { offer: (await this.get(id))!, newlyPaid: changed > 0, unapproved: [] };
    },
  };
}

export type OffersService = ReturnType<typeof offersService>;
