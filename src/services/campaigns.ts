// Campaigns: a sponsor's own (create, edit, delete, publish), their progress, and who may see one.
// The rules live here: who sees a campaign, that only an approved sponsor publishes, that the
// budget never drops below what accepted offers commit.
import type { Knex } from 'knex';
import { dependsOn, record, type Store } from '../changes';
import { now } from '../db';
import { type CampaignInput, type CampaignSort, pairOf, reachable, requireReason, type Viewer, vetted, type Visibility } from '../domain';
import { Forbidden, Invalid, NotFound } from '../errors';
import { daysBetween, formatMoney, today } from '../format';
import { committedOffers, paidOffers } from './budget';
import { abilities, type CampaignAbilities, canSee, PUBLISHING_NEEDS_APPROVAL } from './campaignRules';
import { type Actor, campaignTarget, recordAudit } from './audit';
import { type DeletionsService, deletionsService, purgedInTime } from './deletions';
import { cappedCount, containsPattern, SEARCH_PAGE_SIZE, type SearchTotal, whereTextContains } from './influencers';
import { inactiveAccountIds } from './users';

export { abilities, type CampaignAbilities, canSee, PUBLISHING_NEEDS_APPROVAL } from './campaignRules';

export interface CampaignQuery {
  q: string;
  niche: string;
  sort: CampaignSort;
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
/** A campaign as a page shows it: the record and what the viewer may do with it. */
export interface CampaignView { campaign: CampaignWithProgress; can: CampaignAbilities }

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
    sponsorActive: reachable({ status: row.sponsor_status }),
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

const viewOf = (viewer: Viewer, campaign: CampaignWithProgress): CampaignView => ({ campaign, can: abilities(viewer, campaign) });

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

export function campaignsService(store: Store, deletions: DeletionsService = deletionsService(store)) {
  const { db } = store;
  /** The sums of a campaign's accepted offers, as per-row subqueries on offers(campaign_id, status). */
  function totals() {
    const accepted = () => committedOffers(db).whereRaw('o.campaign_id = c.id');
    return [
      accepted().sum('o.budget_cents').as('committed_cents'),
      paidOffers(db).whereRaw('o.campaign_id = c.id').sum('o.budget_cents').as('paid_cents'),
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

  /**
   * What influencers may find: public, unflagged, not over, by a sponsor in good standing (not
   * among the inactive accounts: the count reads no account, the page joins its sponsors' names).
   */
  function findable(query: CampaignQuery, on: string, from: Knex.QueryBuilder = db('campaigns as c')) {
    return from
      .where({ 'c.visibility': 'public', 'c.flagged': false })
      .whereNotIn('c.sponsor_id', inactiveAccountIds(db))
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

  /** Saves a change to a campaign (NotFound when `where` finds none), and `then` in its transaction; recorded as the campaign's change. */
  function change(where: { id: number; sponsor_id?: number }, changes: Record<string, unknown>, then?: (trx: Knex.Transaction) => Promise<void>) {
    return store.write(async (trx) => {
      if (!(await trx('campaigns').where(where).update({ ...changes, updated_at: now() }))) throw new NotFound('That campaign');
      record(trx, { kind: 'campaign', campaignId: where.id });
      await then?.(trx);
    });
  }

  return {
    /** One page of a sponsor's campaigns, newest first, each with its progress. */
    async listForSponsor(viewer: Viewer, page = 1): Promise<{ campaigns: CampaignView[]; total: number }> {
      const sponsorId = viewer.id;
      const { campaigns, total } = await store.read(dependsOn.campaigns, `listForSponsor:${sponsorId}:${page}`, async () => {
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
      });
      return { campaigns: campaigns.map((campaign) => viewOf(viewer, campaign)), total };
    },

    /** A campaign with its progress, whoever owns it (for the admin and for rules that check the viewer). */
    async get(id: number): Promise<CampaignWithProgress | undefined> {
      const row = (await withTotals().where('c.id', id).first()) as CampaignRow | undefined;
      return row && withProgress(row);
    },

    /** The campaign when this viewer may see it ({@link canSee}), else NotFound. */
    async getForViewer(viewer: Viewer, id: number): Promise<CampaignWithProgress> {
      const campaign = await this.get(id);
      if (!campaign || !canSee(viewer, campaign)) throw new NotFound('That campaign');
      return campaign;
    },

    /** The campaign page's record and what this viewer may do there; NotFound as {@link getForViewer}. */
    async view(viewer: Viewer, id: number): Promise<CampaignView> {
      return viewOf(viewer, await this.getForViewer(viewer, id));
    },

    /** The campaign only when it belongs to this sponsor, else NotFound. */
    async getOwn(viewer: Viewer, id: number): Promise<CampaignWithProgress> {
      const row = (await withTotals().where({ 'c.id': id, 'c.sponsor_id': viewer.id }).first()) as CampaignRow | undefined;
      if (!row || viewer.role !== 'sponsor') throw new NotFound('That campaign');
      return withProgress(row);
    },

    /** A public campaign an influencer can ask to join now: visible to them and not over, else NotFound. */
    async getRequestable(viewer: Viewer, id: number, on = today()): Promise<CampaignWithProgress> {
      const campaign = await this.getForViewer(viewer, id);
      if (viewer.role !== 'influencer' || campaign.endDate < on) throw new NotFound('That campaign');
      return campaign;
    },

    /** A new campaign of this sponsor's; public only once the sponsor is approved. */
    async create(viewer: Viewer, input: CampaignInput): Promise<number> {
      if (input.visibility === 'public' && !vetted(viewer)) throw new Invalid({ visibility: PUBLISHING_NEEDS_APPROVAL });
      // (An existing campaign keeps its past dates when edited.)
      if (input.endDate < today()) throw new Invalid({ end_date: 'A new campaign cannot end in the past: choose an end date from today on.' });
      const at = now();
      return store.write(async (trx) => {
        const [row] = await trx('campaigns').insert({ sponsor_id: viewer.id, ...fields(input), created_at: at, updated_at: at }).returning('id');
        const campaignId = typeof row === 'object' ? (row as { id: number }).id : (row as number);
        record(trx, { kind: 'campaign', campaignId });
        return campaignId;
      });
    },

    /**
     * Saves the sponsor's changes: publishing needs approval, and the budget may not drop below
     * what accepted offers already commit.
     */
    async update(viewer: Viewer, id: number, input: CampaignInput): Promise<void> {
      const campaign = await this.getOwn(viewer, id);
      const errors: Record<string, string> = {};
      if (input.visibility === 'public' && campaign.visibility !== 'public' && !vetted(viewer)) errors.visibility = PUBLISHING_NEEDS_APPROVAL;
      if (input.budgetCents < campaign.progress.committedCents) {
        errors.budget = `Accepted offers already commit ${formatMoney(campaign.progress.committedCents)}; the budget cannot be lower.`;
      }
      if (Object.keys(errors).length > 0) throw new Invalid(errors);
      await change({ id, sponsor_id: viewer.id }, fields(input));
    },

    /** Public ↔ private; going public needs approval. Returns the campaign as it now is. */
    async toggleVisibility(viewer: Viewer, id: number): Promise<CampaignView> {
      const campaign = await this.getOwn(viewer, id);
      const visibility: Visibility = campaign.visibility === 'public' ? 'private' : 'public';
      if (visibility === 'public' && !vetted(viewer)) throw new Forbidden(PUBLISHING_NEEDS_APPROVAL);
      await change({ id, sponsor_id: viewer.id }, { visibility });
      return viewOf(viewer, { ...campaign, visibility });
    },

    /**
     * Deletes the sponsor's campaign and its offers, a hundred offers a statement (a busy campaign
     * has thousands: src/services/deletions.ts), waiting up to a second for the last. The chat
     * messages that carried those offers stay, as plain text (their offer link is cleared).
     */
    async remove(viewer: Viewer, id: number): Promise<CampaignWithProgress> {
      const campaign = await this.getOwn(viewer, id);
      await purgedInTime(deletions.removeCampaign(id));
      return campaign;
    },

    /** Campaigns influencers can find and ask to join, filtered, sorted and paged. */
    async searchPublic(query: CampaignQuery, on = today()): Promise<{ campaigns: CampaignWithProgress[] } & SearchTotal> {
      return store.read(dependsOn.campaigns, `searchPublic:${JSON.stringify([query, on])}`, async () => {
        const column = query.sort === 'budget' ? 'c.budget_cents' : 'c.start_date';
        const [rows, count] = await Promise.all([
          findable(query, on, campaigns())
            .select('c.*', 's.username as sponsor_username', 's.status as sponsor_status', ...totals())
            .orderBy([
              { column, order: query.order },
              { column: 'c.id', order: query.order },
            ])
            .limit(SEARCH_PAGE_SIZE)
            .offset((query.page - 1) * SEARCH_PAGE_SIZE),
          cappedCount(db, findable(query, on), query.page),
        ]);
        return { campaigns: (rows as CampaignRow[]).map((r) => withProgress(r, on)), ...count };
      });
    },

    /**
     * Campaigns the viewer and a counterpart can negotiate over in their chat: the sponsor's own, not
     * flagged, not over; for the influencer only public ones or ones they already have an offer on.
     * With `campaignId`, only that one (the rule a counter-offer is checked by).
     */
    async negotiable(
      viewer: Viewer,
      counterpartId: number,
      { campaignId, includeClosed = false, on = today() }: { campaignId?: number; includeClosed?: boolean; on?: string } = {},
    ): Promise<CampaignWithProgress[]> {
      const { sponsorId, influencerId } = pairOf(viewer, counterpartId);
      const rows = (await withTotals()
        .where({ 'c.sponsor_id': sponsorId })
        .modify((q) => {
          if (!includeClosed) q.where('c.flagged', false).where('c.end_date', '>=', on);
          if (campaignId !== undefined) q.where('c.id', campaignId);
          if (viewer.role !== 'sponsor') {
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
      return store.read(dependsOn.campaigns, `recent:${limit}`, async () => {
        const rows = (await withTotals()
          .orderBy([
            { column: 'c.created_at', order: 'desc' },
            { column: 'c.id', order: 'desc' },
          ])
          .limit(limit)) as CampaignRow[];
        return rows.map((r) => withProgress(r));
      });
    },

    /** Every campaign, newest first, optionally only the flagged or only the unflagged ones. */
    async listAll(flagged: boolean | null, page = 1): Promise<{ campaigns: CampaignWithProgress[]; total: number }> {
      const filter = (q: Knex.QueryBuilder) => (flagged === null ? q : q.where('c.flagged', flagged));
      const [rows, count] = await Promise.all([
        filter(withTotals())
          .orderBy([
            { column: 'c.created_at', order: 'desc' },
            { column: 'c.id', order: 'desc' },
          ])
          .limit(SEARCH_PAGE_SIZE)
          .offset((page - 1) * SEARCH_PAGE_SIZE),
        // Every campaign has its sponsor: counting them needs no join.
        filter(db('campaigns as c')).count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      return { campaigns: (rows as CampaignRow[]).map((r) => withProgress(r)), total: Number(count?.n ?? 0) };
    },

    /** Flags a campaign with the admin's reason: hidden from influencers, no new offers. */
    async flag(id: number, typed: string, by?: Actor): Promise<CampaignWithProgress> {
      const reason = requireReason(typed, 'Say why the campaign is flagged: its sponsor sees the reason.');
      await change({ id }, { flagged: true, flag_reason: reason, flagged_at: now() }, async (trx) => recordAudit(trx, by, { action: 'flag', ...(await campaignTarget(trx, id)), reason }));
      return (await this.get(id))!;
    },

    async unflag(id: number, by?: Actor): Promise<CampaignWithProgress> {
      await change({ id }, { flagged: false, flag_reason: null, flagged_at: null }, async (trx) => recordAudit(trx, by, { action: 'unflag', ...(await campaignTarget(trx, id)) }));
      return (await this.get(id))!;
    },
  };
}

export type CampaignsService = ReturnType<typeof campaignsService>;
