// Campaigns: a sponsor's own (create, edit, delete, publish), their progress, and who may see one.
import { type Db, now } from '../db';
import { daysBetween, today } from '../format';
import type { CampaignInput, Visibility } from '../validation/campaigns';
import { containsPattern, SEARCH_PAGE_SIZE, whereTextContains } from './influencers';

export const CAMPAIGN_SORTS = ['start', 'budget'] as const;

export interface CampaignQuery {
  q: string;
  niche: string;
  sort: (typeof CAMPAIGN_SORTS)[number];
  order: 'asc' | 'desc';
  page: number;
}

/** A campaign: what its sponsor entered, and who it belongs to. */
export interface Campaign extends CampaignInput {
  id: number;
  sponsorId: number;
  sponsorUsername: string;
  /** False while the sponsor is suspended (or not yet approved): influencers do not see the campaign. */
  sponsorActive: boolean;
  flagged: boolean;
  flagReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Progress {
  /** Days of the campaign's span that have passed (0 before it starts, all of them after). */
  daysElapsed: number;
  daysTotal: number;
  /** Budget of accepted offers. */
  committedCents: number;
  paidCents: number;
  /** Influencers with an accepted offer on the campaign. */
  influencers: number;
}

export type CampaignWithProgress = Campaign & { progress: Progress; remainingCents: number };

/** A campaign row joined with its sponsor and the sums of its accepted offers. */
interface CampaignRow {
  id: number;
  sponsor_id: number;
  sponsor_username: string;
  sponsor_status: string;
  title: string;
  description: string;
  niche: string | null;
  start_date: string;
  end_date: string;
  budget_cents: number | string;
  visibility: Visibility;
  goals: string;
  flagged: boolean | number;
  flag_reason: string | null;
  created_at: number | string;
  updated_at: number | string;
  committed_cents?: number | string | null;
  paid_cents?: number | string | null;
  influencers?: number | string | null;
}

export const DASHBOARD_PAGE_SIZE = 20;

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    sponsorId: row.sponsor_id,
    sponsorUsername: row.sponsor_username,
    sponsorActive: row.sponsor_status === 'active',
    title: row.title,
    description: row.description,
    niche: row.niche,
    startDate: row.start_date,
    endDate: row.end_date,
    budgetCents: Number(row.budget_cents),
    visibility: row.visibility,
    goals: row.goals,
    flagged: Boolean(row.flagged),
    flagReason: row.flag_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function withProgress(row: CampaignRow, on = today()): CampaignWithProgress {
  const campaign = toCampaign(row);
  const daysTotal = daysBetween(campaign.startDate, campaign.endDate) + 1;
  const daysElapsed = Math.min(daysTotal, Math.max(0, daysBetween(campaign.startDate, on) + 1));
  const committedCents = Number(row.committed_cents ?? 0);
  return {
    ...campaign,
    progress: {
      daysElapsed,
      daysTotal,
      committedCents,
      paidCents: Number(row.paid_cents ?? 0),
      influencers: Number(row.influencers ?? 0),
    },
    remainingCents: Math.max(0, campaign.budgetCents - committedCents),
  };
}

export function campaignsService(db: Db) {
  /** The sums of a campaign's accepted offers, as per-row subqueries on offers(campaign_id, status). */
  function totals() {
    const accepted = () => db('offers as o').whereRaw('o.campaign_id = c.id').where('o.status', 'accepted');
    return [
      accepted().sum('o.budget_cents').as('committed_cents'),
      accepted().whereNotNull('o.paid_at').sum('o.budget_cents').as('paid_cents'),
      accepted().countDistinct('o.influencer_id').as('influencers'),
    ];
  }

  /** Campaigns (`c`) with their sponsor (`s`), before any columns are chosen. */
  function campaigns() {
    return db('campaigns as c').join('users as s', 's.id', 'c.sponsor_id');
  }

  /** Campaigns with their sponsor's name and the sums of their accepted offers: a page reads only its own offers. */
  function withTotals() {
    return campaigns().select('c.*', 's.username as sponsor_username', 's.status as sponsor_status', ...totals());
  }

  /** What influencers may find: public, unflagged, not over, by a sponsor in good standing. */
  function findable(query: CampaignQuery, on: string) {
    return campaigns()
      .where({ 'c.visibility': 'public', 'c.flagged': false, 's.status': 'active' })
      .where('c.end_date', '>=', on)
      .modify((q) => {
        if (query.niche) q.whereRaw(`lower(c.niche) like ? escape '\\'`, [containsPattern(query.niche)]);
        if (query.q) {
          whereTextContains(db, q, query.q, { idColumn: 'c.id', ftsTable: 'campaign_search', columns: ['c.title', 'c.description', 'c.niche'] });
        }
      });
  }

  function fields(input: CampaignInput) {
    return {
      title: input.title,
      description: input.description,
      niche: input.niche,
      start_date: input.startDate,
      end_date: input.endDate,
      budget_cents: input.budgetCents,
      visibility: input.visibility,
      goals: input.goals,
    };
  }

  return {
    /** One page of a sponsor's campaigns, newest first, each with its progress. */
    async listForSponsor(sponsorId: number, page = 1): Promise<{ campaigns: CampaignWithProgress[]; total: number }> {
      const [rows, count] = await Promise.all([
        withTotals()
          .where('c.sponsor_id', sponsorId)
          .orderBy([
            { column: 'c.created_at', order: 'desc' },
            { column: 'c.id', order: 'desc' },
          ])
          .limit(DASHBOARD_PAGE_SIZE)
          .offset((page - 1) * DASHBOARD_PAGE_SIZE),
        db('campaigns').where({ sponsor_id: sponsorId }).count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      return { campaigns: (rows as CampaignRow[]).map((r) => withProgress(r)), total: Number(count?.n ?? 0) };
    },

    /** A campaign with its progress, whoever owns it (callers check who may see it). */
    async get(id: number): Promise<CampaignWithProgress | undefined> {
      const row = (await withTotals().where('c.id', id).first()) as CampaignRow | undefined;
      return row && withProgress(row);
    },

    /** The campaign only when it belongs to this sponsor: nothing for someone else's. */
    async getForSponsor(id: number, sponsorId: number): Promise<CampaignWithProgress | undefined> {
      const row = (await withTotals().where({ 'c.id': id, 'c.sponsor_id': sponsorId }).first()) as CampaignRow | undefined;
      return row && withProgress(row);
    },

    async create(sponsorId: number, input: CampaignInput): Promise<number> {
      const at = now();
      const [row] = await db('campaigns')
        .insert({ sponsor_id: sponsorId, ...fields(input), created_at: at, updated_at: at })
        .returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    },

    async update(id: number, sponsorId: number, input: CampaignInput): Promise<boolean> {
      const changed = await db('campaigns')
        .where({ id, sponsor_id: sponsorId })
        .update({ ...fields(input), updated_at: now() });
      return changed > 0;
    },

    async setVisibility(id: number, sponsorId: number, visibility: Visibility): Promise<boolean> {
      return (await db('campaigns').where({ id, sponsor_id: sponsorId }).update({ visibility, updated_at: now() })) > 0;
    },

    /**
     * Deletes the campaign and, through the foreign keys, its offers. The chat messages that
     * carried those offers stay, as plain text (their offer link is cleared).
     */
    async remove(id: number, sponsorId: number): Promise<boolean> {
      return (await db('campaigns').where({ id, sponsor_id: sponsorId }).del()) > 0;
    },

    /** Campaigns influencers can find and ask to join, filtered, sorted and paged. */
    async searchPublic(query: CampaignQuery, on = today()): Promise<{ campaigns: CampaignWithProgress[]; total: number }> {
      const column = query.sort === 'budget' ? 'c.budget_cents' : 'c.start_date';
      const [rows, count] = await Promise.all([
        findable(query, on)
          .select('c.*', 's.username as sponsor_username', 's.status as sponsor_status', ...totals())
          .orderBy([
            { column, order: query.order },
            { column: 'c.id', order: query.order },
          ])
          .limit(SEARCH_PAGE_SIZE)
          .offset((query.page - 1) * SEARCH_PAGE_SIZE),
        findable(query, on).count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      return { campaigns: (rows as CampaignRow[]).map((r) => withProgress(r, on)), total: Number(count?.n ?? 0) };
    },

    /**
     * Campaigns a sponsor and an influencer can negotiate over: the sponsor's own, not flagged, not
     * over; for the influencer only public ones or ones they already have an offer on.
     */
    async negotiable(sponsorId: number, influencerId: number, viewer: 'sponsor' | 'influencer', on = today()): Promise<CampaignWithProgress[]> {
      const rows = (await withTotals()
        .where({ 'c.sponsor_id': sponsorId, 'c.flagged': false })
        .where('c.end_date', '>=', on)
        .modify((q) => {
          if (viewer === 'influencer') {
            q.where((w) =>
              w
                .where('c.visibility', 'public')
                .orWhereExists(db('offers as x').whereRaw('x.campaign_id = c.id').where('x.influencer_id', influencerId)),
            );
          }
        })
        .orderBy('c.title')
        .limit(200)) as CampaignRow[];
      return rows.map((r) => withProgress(r, on));
    },

    /** The most recently created campaigns, for the admin's dashboard. */
    async recent(limit = 6): Promise<CampaignWithProgress[]> {
      const rows = (await withTotals()
        .orderBy([
          { column: 'c.created_at', order: 'desc' },
          { column: 'c.id', order: 'desc' },
        ])
        .limit(limit)) as CampaignRow[];
      return rows.map((r) => withProgress(r));
    },

    /** Every campaign, newest first, optionally only the flagged or only the unflagged ones. */
    async listAll(flagged: boolean | null, page = 1): Promise<{ campaigns: CampaignWithProgress[]; total: number }> {
      const filter = (q: ReturnType<typeof campaigns>) => (flagged === null ? q : q.where('c.flagged', flagged));
      const [rows, count] = await Promise.all([
        filter(withTotals())
          .orderBy([
            { column: 'c.created_at', order: 'desc' },
            { column: 'c.id', order: 'desc' },
          ])
          .limit(SEARCH_PAGE_SIZE)
          .offset((page - 1) * SEARCH_PAGE_SIZE),
        filter(campaigns()).count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      return { campaigns: (rows as CampaignRow[]).map((r) => withProgress(r)), total: Number(count?.n ?? 0) };
    },

    /** Flags a campaign with the admin's reason: hidden from influencers, no new offers. */
    async flag(id: number, reason: string): Promise<boolean> {
      const at = now();
      return (await db('campaigns').where({ id }).update({ flagged: true, flag_reason: reason, flagged_at: at, updated_at: at })) > 0;
    },

    async unflag(id: number): Promise<boolean> {
      return (await db('campaigns').where({ id }).update({ flagged: false, flag_reason: null, flagged_at: null, updated_at: now() })) > 0;
    },

    /** The sponsor's campaigns that can take a new offer: not flagged, not over. */
    async offerable(sponsorId: number, on = today()): Promise<CampaignWithProgress[]> {
      const rows = (await withTotals()
        .where({ 'c.sponsor_id': sponsorId, 'c.flagged': false })
        .where('c.end_date', '>=', on)
        .orderBy('c.title')) as CampaignRow[];
      return rows.map((r) => withProgress(r, on));
    },
  };
}

export type CampaignsService = ReturnType<typeof campaignsService>;
