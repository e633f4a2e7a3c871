// Creator profiles: an influencer's own profile fields, platform accounts and rate card, and the
// public profile (`/@username`) that shows them with the results recorded on this site.
import { record, type Store } from '../changes';
import {
  type Availability,
  availabilityNow,
  type CreatorProfileInput,
  figuresStale,
  languagesOf,
  type Platform,
  type PlatformInput,
  platformLink,
  PLATFORMS,
  RATE_KIND_KEYS,
  type RateKind,
  type RatesInput,
} from '../creators';
import { isUniqueViolation, now } from '../db';
import type { Viewer } from '../domain';
import { Forbidden, Invalid, NotFound } from '../errors';
import { today } from '../format';
import { recordAudit } from './audit';
import { canPropose } from './offers';

/** An influencer's own profile fields, as saved (the profile form's input, {@link CreatorProfileInput}). */
export type CreatorProfile = CreatorProfileInput;

export interface PlatformAccount {
  id: number;
  platform: Platform;
  handle: string;
  link: string;
  followers: number;
  avgViews: number;
  /** Hundredths of a percent. */
  engagementBp: number;
  figuresAt: number;
  /** Older than 90 days: the page says "figures not updated since …". */
  stale: boolean;
  verifiedAt: number | null;
}

export type RateCard = Partial<Record<RateKind, number>>;

/** What collaborations on this site add up to: each figure says who entered it on the page. */
export interface RecordedResults {
  /** Paid, everything approved, no open dispute (recorded by the site). */
  completed: number;
  /** Views of published work, entered by either side of each collaboration. */
  views: number;
  /** Median of (likes + comments) / views over the posts with views, as a fraction; null without any. */
  medianEngagement: number | null;
  /** Deliverables submitted, and how many of them by their due date (recorded by the site). */
  submitted: number;
  onTime: number;
}

/** What the viewer of a public profile may do there: an admin marks platform figures verified. */
export interface PublicProfileAbilities {
  verify: boolean;
  /** An approved sponsor may send this creator an offer. */
  offer: boolean;
}

export interface PublicProfile {
  id: number;
  username: string;
  category: string;
  niche: string;
  followerCount: number;
  profile: CreatorProfile;
  /** Availability today (a busy date that has passed is open again). */
  availableNow: Availability;
  platforms: PlatformAccount[];
  rates: RateCard;
  results: RecordedResults;
  can: PublicProfileAbilities;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toPlatform(r: any, at = Date.now()): PlatformAccount {
  const figuresAt = Number(r.figures_at);
  return {
    id: r.id,
    platform: r.platform,
    handle: r.handle,
    link: platformLink(r.platform, r.handle),
    followers: Number(r.followers),
    avgViews: Number(r.avg_views),
    engagementBp: Number(r.engagement_bp),
    figuresAt,
    stale: figuresStale(figuresAt, at),
    verifiedAt: r.verified_at === null ? null : Number(r.verified_at),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toProfile(r: any): CreatorProfile {
  return {
    displayName: r.display_name,
    bio: r.bio,
    city: r.city,
    country: r.country,
    languages: languagesOf(r.languages),
    availability: r.availability,
    busyUntil: r.busy_until ?? null,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const DAY = 24 * 3600 * 1000;

/** Who may mark figures verified: admins. */
function mayVerify(viewer: Viewer | undefined): boolean {
  return viewer?.role === 'admin';
}

export function creatorsService(store: Store) {
  const { db } = store;

  /** The influencer's own platform account, else NotFound (someone else's is not theirs to see). */
  async function ownPlatform(viewer: Viewer, id: number) {
    const row = await db('platform_accounts').where({ id, influencer_id: viewer.id }).first();
    if (!row || viewer.role !== 'influencer') throw new NotFound('That platform account');
    return row;
  }

  /** Runs a platform write; the same account twice is said next to the handle. */
  async function platformWrite<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err)) throw new Invalid({ handle: 'You have already added this account.' });
      throw err;
    }
  }

  return {
    /** The influencer's creator profile fields (saved with the profile form, users.saveProfile). */
    async profile(influencerId: number): Promise<CreatorProfile> {
      const row = await db('influencer_profiles').where({ user_id: influencerId }).first();
      if (!row) throw new NotFound('That profile');
      return toProfile(row);
    },

    /** The viewer's own platform account, else NotFound. */
    async ownPlatform(viewer: Viewer, id: number): Promise<PlatformAccount> {
      return toPlatform(await ownPlatform(viewer, id));
    },

    async platforms(influencerId: number): Promise<PlatformAccount[]> {
      const rows = await db('platform_accounts').where({ influencer_id: influencerId }).orderBy([{ column: 'followers', order: 'desc' }, { column: 'id' }]);
      return rows.map((r) => toPlatform(r));
    },

    async rates(influencerId: number): Promise<RateCard> {
      const rows = await db('rates').select('kind', 'price_cents').where({ influencer_id: influencerId });
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.price_cents)]));
    },

    /** Adds a platform account with its figures (dated now). */
    async addPlatform(viewer: Viewer, input: PlatformInput): Promise<number> {
      if (viewer.role !== 'influencer') throw new NotFound('That profile');
      return platformWrite(() =>
        store.write(async (trx) => {
          const at = now();
          const [row] = await trx('platform_accounts')
            .insert({
              influencer_id: viewer.id,
              platform: input.platform,
              handle: input.handle,
              followers: input.followers,
              avg_views: input.avgViews,
              engagement_bp: input.engagementBp,
              figures_at: at,
              created_at: at,
            })
            .returning('id');
          record(trx, { kind: 'account', userId: viewer.id });
          return typeof row === 'object' ? (row as { id: number }).id : (row as number);
        }),
      );
    },

    /**
     * Saves new figures (or a corrected handle) for the influencer's platform account, dated now.
     * An admin's "verified" holds for the figures it saw: changed figures are unverified again.
     */
    async updatePlatform(viewer: Viewer, id: number, input: PlatformInput): Promise<void> {
      const before = await ownPlatform(viewer, id);
      const same =
        before.platform === input.platform &&
        before.handle === input.handle &&
        Number(before.followers) === input.followers &&
        Number(before.avg_views) === input.avgViews &&
        Number(before.engagement_bp) === input.engagementBp;
      await platformWrite(() =>
        store.write(async (trx) => {
          await trx('platform_accounts')
            .where({ id, influencer_id: viewer.id })
            .update({
              platform: input.platform,
              handle: input.handle,
              followers: input.followers,
              avg_views: input.avgViews,
              engagement_bp: input.engagementBp,
              figures_at: now(),
              ...(same ? {} : { verified_at: null, verified_by: null }),
            });
          record(trx, { kind: 'account', userId: viewer.id });
        }),
      );
    },

    async removePlatform(viewer: Viewer, id: number): Promise<PlatformAccount> {
      const row = await ownPlatform(viewer, id);
      await store.write(async (trx) => {
        await trx('platform_accounts').where({ id, influencer_id: viewer.id }).del();
        record(trx, { kind: 'account', userId: viewer.id });
      });
      return toPlatform(row);
    },

    /** Replaces the rate card: a kind without a price is not offered. */
    async saveRates(viewer: Viewer, rates: RatesInput): Promise<void> {
      if (viewer.role !== 'influencer') throw new NotFound('That profile');
      await store.write(async (trx) => {
        await trx('rates').where({ influencer_id: viewer.id }).del();
        const rows = RATE_KIND_KEYS.flatMap((kind) => (rates[kind] === null ? [] : [{ influencer_id: viewer.id, kind, price_cents: rates[kind] }]));
        if (rows.length) await trx('rates').insert(rows);
        record(trx, { kind: 'account', userId: viewer.id });
      });
    },

    /**
     * The public profile of an active influencer (anyone may read it, signed out too), else
     * NotFound. Never their email or phone.
     */
    async publicProfile(username: string, viewer?: Viewer, on = today()): Promise<PublicProfile> {
      const row = await db('users as u')
        .join('influencer_profiles as p', 'p.user_id', 'u.id')
        .select('u.id', 'u.username', 'p.*')
        .where({ 'u.username': username.toLowerCase(), 'u.role': 'influencer', 'u.status': 'active' })
        .first();
      if (!row) throw new NotFound('That profile');
      const id = row.id as number;
      const [platforms, rates, results] = await Promise.all([this.platforms(id), this.rates(id), this.recordedResults(id)]);
      const profile = toProfile(row);
      return {
        id,
        username: row.username,
        category: row.category,
        niche: row.niche,
        followerCount: Number(row.follower_count),
        profile,
        availableNow: availabilityNow(profile.availability, profile.busyUntil, on),
        platforms,
        rates,
        results,
        can: { verify: mayVerify(viewer), offer: viewer?.role === 'sponsor' && canPropose(viewer) },
      };
    },

    /**
     * An admin marks a platform account's figures verified (after checking the platform's own
     * insights), or withdraws that; either way one audit row. New figures are unverified again.
     */
    async setVerified(viewer: Viewer, id: number, verified: boolean): Promise<{ username: string; platform: PlatformAccount }> {
      if (!mayVerify(viewer)) throw new Forbidden('Only an admin can verify figures.');
      return store.write(async (trx) => {
        const row = await trx('platform_accounts as a').join('users as u', 'u.id', 'a.influencer_id').select('a.*', 'u.username').where('a.id', id).first();
        if (!row) throw new NotFound('That platform account');
        const change = verified ? { verified_at: now(), verified_by: viewer.id } : { verified_at: null, verified_by: null };
        await trx('platform_accounts').where({ id }).update(change);
        await recordAudit(trx, viewer, {
          action: verified ? 'verify_figures' : 'unverify_figures',
          targetType: 'account',
          targetId: row.influencer_id,
          targetLabel: `${row.username}: ${PLATFORMS[row.platform as Platform].label} ${row.handle}`,
        });
        record(trx, { kind: 'account', userId: row.influencer_id });
        return { username: row.username, platform: toPlatform({ ...row, ...change }) };
      });
    },

    /** What the influencer's collaborations on this site add up to. */
    async recordedResults(influencerId: number): Promise<RecordedResults> {
      const accepted = () => db('offers as o').where({ 'o.influencer_id': influencerId, 'o.status': 'accepted' });
      const [done, posts] = await Promise.all([
        accepted()
          .whereNotNull('o.paid_at')
          .whereNotExists(db('deliverables as d').whereRaw('d.offer_id = o.id').whereNot('d.state', 'approved').select(db.raw('1')))
          .whereNotExists(db('disputes as x').whereRaw('x.offer_id = o.id').whereNull('x.resolved_at').select(db.raw('1')))
          .count<{ n: number }[]>({ n: '*' })
          .first(),
        accepted()
          .join('deliverables as d', 'd.offer_id', 'o.id')
          .whereNotNull('d.submitted_at')
          .select('d.due_date', 'd.submitted_at', 'd.views', 'd.likes', 'd.comments'),
      ]);
      const rates = posts.filter((p) => Number(p.views) > 0).map((p) => (Number(p.likes ?? 0) + Number(p.comments ?? 0)) / Number(p.views));
      const onTime = posts.filter((p) => Number(p.submitted_at) < Date.parse(`${p.due_date}T00:00:00Z`) + DAY).length;
      return {
        completed: Number(done?.n ?? 0),
        views: posts.reduce((n, p) => n + Number(p.views ?? 0), 0),
        medianEngagement: median(rates),
        submitted: posts.length,
        onTime,
      };
    },
  };
}

export type CreatorsService = ReturnType<typeof creatorsService>;
