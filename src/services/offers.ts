// Offers: a proposed collaboration on a campaign (budget, terms), its answer, and its payment.
import { type Db, now } from '../db';
import { postMessage } from './messages';

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

export function offersService(db: Db) {
  function offers() {
    return db('offers as o')
      .join('campaigns as c', 'c.id', 'o.campaign_id')
      .join('users as i', 'i.id', 'o.influencer_id')
      .select('o.*', 'c.title as campaign_title', 'i.username as influencer_username');
  }

  return {
    /** Every offer on a campaign, newest first. */
    async forCampaign(campaignId: number): Promise<Offer[]> {
      const rows = (await offers()
        .where('o.campaign_id', campaignId)
        .orderBy([
          { column: 'o.created_at', order: 'desc' },
          { column: 'o.id', order: 'desc' },
        ])) as OfferRow[];
      return rows.map(toOffer);
    },

    async get(id: number): Promise<Offer | undefined> {
      const row = (await offers().where('o.id', id).first()) as OfferRow | undefined;
      return row && toOffer(row);
    },

    /**
     * Opens a pending offer and posts the chat message that carries it, in one transaction.
     * A pending offer between the same two on the same campaign is superseded by the new one.
     */
    async send(offer: NewOffer): Promise<number> {
      return db.transaction(async (trx) => {
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
        return id;
      });
    },

    /**
     * Records that the sponsor paid an accepted collaboration (no money moves here).
     * Marking it twice keeps the first date.
     */
    async markPaid(id: number, sponsorId: number): Promise<'paid' | 'already-paid' | 'not-accepted' | 'not-found'> {
      const offer = await db('offers').select('status', 'paid_at').where({ id, sponsor_id: sponsorId }).first();
      if (!offer) return 'not-found';
      if (offer.status !== 'accepted') return 'not-accepted';
      if (offer.paid_at !== null) return 'already-paid';
      const changed = await db('offers')
        .where({ id, sponsor_id: sponsorId, status: 'accepted' })
        .whereNull('paid_at')
        .update({ paid_at: now(), updated_at: now() });
      return changed > 0 ? 'paid' : 'already-paid';
    },
  };
}

export type OffersService = ReturnType<typeof offersService>;
