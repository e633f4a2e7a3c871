// The benchmark data set: 10,000 influencers, 2,000 sponsors, 5,000 users, 20,000 campaigns,
// offers in every status, 20,000 conversations with 200,000 messages and 100,000 follows, and
// every influencer's creator profile (1–3 platforms, 1–4 rates)
// (`scale` shrinks every count for tests). Deterministic: the same seed gives the same rows;
// dates are relative to the day it is built so that campaigns are current.
// Built in bulk: explicit ids, batched inserts inside one transaction, one password hash for all.
import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';
import { PLATFORM_KEYS, RATE_KIND_KEYS } from '../src/creators';
import { INFLUENCER_CATEGORIES } from '../src/domain';
import { TABLES as DEMO_TABLES } from '../seeds/01_demo';

export const BENCH_PASSWORD = 'bench-password';

/** Niches the data set uses: the bench filters by `niche=fit` (fitness, fitwear: a prefix). */
export const BENCH_NICHES = ['hiking', 'cooking', 'gaming', 'fitness', 'fitwear', 'personal finance', 'streetwear', 'skincare'];

const DAY = 24 * 3600 * 1000;
const BENCH_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'IN', 'BR', 'NG', 'JP'];
const BENCH_LANGUAGES = ['en', 'en', 'en', 'es', 'de', 'fr', 'pt', 'hi', 'ja'];

export interface BenchCounts {
  sponsors: number;
  influencers: number;
  users: number;
  campaigns: number;
  conversations: number;
  messages: number;
  follows: number;
  offers: number;
  deliverables: number;
  platforms: number;
  rates: number;
}

/** The busiest sponsor's collaboration with the most deliverables: the collaboration page's bench target. */
export async function busiestCollaboration(db: Knex): Promise<number> {
  const row = await db('offers as o')
    .join('deliverables as d', 'd.offer_id', 'o.id')
    .where({ 'o.sponsor_id': benchIds().sponsor(1), 'o.status': 'accepted' })
    .groupBy('o.id')
    .orderByRaw('count(*) desc, o.id')
    .first('o.id');
  if (!row) throw new Error('the bench data set has no collaboration with deliverables for sponsor1');
  return row.id;
}

/** Mulberry32: a small seeded generator, so every build draws the same numbers. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The demo's tables, and the bookkeeping that refers to their rows.
const TABLES = ['send_claims', 'scheduler_runs', 'exports', ...DEMO_TABLES];
const SERIAL_TABLES = ['users', 'platform_accounts', 'campaigns', 'offers', 'deliverables', 'collaboration_events', 'conversations', 'messages', 'job_outbox', 'exports'];

/**
 * `--scale N` on the command line: builds or measures N times the data set. Said to every process
 * the bench starts (and to src/config.ts, which names the file) as BENCH_SCALE.
 */
export function scaleOption(): number {
  const at = process.argv.indexOf('--scale');
  if (at > 0) {
    const scale = Number(process.argv[at + 1]);
    if (!Number.isInteger(scale) || scale < 1) throw new Error(`--scale takes a whole number of at least 1, got "${process.argv[at + 1]}"`);
    process.env.BENCH_SCALE = String(scale);
  }
  return Number(process.env.BENCH_SCALE ?? 1);
}

/** Ids: admin 1, then sponsors, influencers, users in blocks; usernames sponsor1, influencer1, user1. */
export function benchIds(scale = Number(process.env.BENCH_SCALE ?? 1)) {
  const sponsors = Math.round(2000 * scale);
  const influencers = Math.round(10000 * scale);
  const users = Math.round(5000 * scale);
  return {
    admin: 1,
    sponsor: (n: number) => 1 + n, // n = 1..sponsors
    influencer: (n: number) => 1 + sponsors + n,
    user: (n: number) => 1 + sponsors + influencers + n,
    sponsors,
    influencers,
    users,
  };
}

export async function buildBenchData(knex: Knex, scale = 1, seed = 20261125): Promise<BenchCounts> {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const ids = benchIds(scale);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const date = (offsetDays: number) => new Date(today + offsetDays * DAY).toISOString().slice(0, 10);
  const isPg = knex.client.config.client === 'pg';
  const chunk = 400;

  const users: Record<string, unknown>[] = [];
  const user = (id: number, role: string, username: string) => {
    const created = today - 400 * DAY + id * 1000;
    users.push({
      id,
      role,
      username,
      email: `${username}@bench.example`,
      phone: '',
      password_hash: passwordHash,
      token_version: 0,
      status: 'active',
      approved_at: created,
      last_visit_at: today - Math.floor(rand() * 5) * DAY,
      created_at: created,
      updated_at: created,
    });
  };
  user(ids.admin, 'admin', 'admin');
  const sponsorProfiles: { user_id: number; industry: string }[] = [];
  for (let n = 1; n <= ids.sponsors; n++) {
    user(ids.sponsor(n), 'sponsor', `sponsor${n}`);
    sponsorProfiles.push({ user_id: ids.sponsor(n), industry: pick(['Outdoor gear', 'Banking', 'Food', 'Fashion', 'Games', 'Sport']) });
  }
  const influencerProfiles: (Record<string, unknown> & { follower_count: number })[] = [];
  // Creator profiles: 1–3 platforms and 1–4 rates each, a country and one or two languages; one
  // in twenty not taking work, one in ten busy for a while.
  const platformAccounts: Record<string, unknown>[] = [];
  const rates: { influencer_id: number; kind: string; price_cents: number }[] = [];
  for (let n = 1; n <= ids.influencers; n++) {
    const id = ids.influencer(n);
    user(id, 'influencer', `influencer${n}`);
    const roll = rand();
    influencerProfiles.push({
      user_id: id,
      category: pick(INFLUENCER_CATEGORIES),
      niche: pick(BENCH_NICHES),
      follower_count: 0,
      display_name: `Creator ${n}`,
      country: pick(BENCH_COUNTRIES),
      languages: `,${[...new Set([pick(BENCH_LANGUAGES), pick(BENCH_LANGUAGES)])].join(',')},`,
      availability: roll < 0.05 ? 'closed' : roll < 0.15 ? 'busy' : 'open',
      busy_until: roll >= 0.05 && roll < 0.15 ? date(Math.floor(rand() * 60)) : null,
    });
    const platforms = [...new Set([pick(PLATFORM_KEYS), pick(PLATFORM_KEYS), pick(PLATFORM_KEYS)].slice(0, 1 + Math.floor(rand() * 3)))];
    for (const platform of platforms) {
      const followers = Math.floor(500 * Math.exp(rand() * 8));
      platformAccounts.push({
        influencer_id: id,
        platform,
        handle: platform === 'blog' ? `https://influencer${n}.bench.example` : `influencer${n}`,
        followers,
        avg_views: Math.floor(followers * (0.05 + rand() * 0.4)),
        engagement_bp: 50 + Math.floor(rand() * 1200),
        figures_at: today - Math.floor(rand() * 200) * DAY,
        created_at: today - 300 * DAY,
      });
    }
    const kinds = [...new Set([pick(RATE_KIND_KEYS), pick(RATE_KIND_KEYS), pick(RATE_KIND_KEYS), pick(RATE_KIND_KEYS)].slice(0, 1 + Math.floor(rand() * 4)))];
    for (const kind of kinds) rates.push({ influencer_id: id, kind, price_cents: (50 + Math.floor(rand() * 2000)) * 100 });
  }
  for (let n = 1; n <= ids.users; n++) user(ids.user(n), 'user', `user${n}`);

  // Follows: each user follows 20 influencers, popular ones far more often (a skewed draw).
  const follows: { user_id: number; influencer_id: number; created_at: number }[] = [];
  for (let n = 1; n <= ids.users; n++) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(20, ids.influencers)) chosen.add(1 + Math.floor(rand() ** 3 * ids.influencers));
    for (const i of chosen) {
      follows.push({ user_id: ids.user(n), influencer_id: ids.influencer(i), created_at: today - Math.floor(rand() * 300) * DAY });
      influencerProfiles[i - 1]!.follower_count += 1;
    }
  }

  // Campaigns: 10 a sponsor; most current, some over, some private, a few flagged.
  const campaigns: Record<string, unknown>[] = [];
  const campaignsOf = new Map<number, { id: number; budget: number; committed: number }[]>();
  let campaignId = 0;
  for (let n = 1; n <= ids.sponsors; n++) {
    const list: { id: number; budget: number; committed: number }[] = [];
    for (let k = 1; k <= 10; k++) {
      campaignId += 1;
      const start = Math.floor(rand() * 120) - 90;
      const budget = (50 + Math.floor(rand() * 950)) * 100_00;
      const flagged = rand() < 0.02;
      const created = today - (120 - start) * DAY + campaignId;
      campaigns.push({
        id: campaignId,
        sponsor_id: ids.sponsor(n),
        title: `${pick(['Spring', 'Summer', 'Autumn', 'Winter', 'Launch', 'Holiday'])} ${pick(['push', 'drop', 'tour', 'series', 'week'])} ${campaignId}`,
        description: 'A campaign of the benchmark data set: posts, stories and an honest review.',
        niche: pick(BENCH_NICHES),
        start_date: date(start),
        end_date: date(start + 10 + Math.floor(rand() * 150)),
        budget_cents: budget,
        visibility: rand() < 0.8 ? 'public' : 'private',
        goals: 'Reach and sign-ups.',
        flagged,
        flag_reason: flagged ? 'Misleading claims' : null,
        flagged_at: flagged ? created : null,
        created_at: created,
        updated_at: created,
      });
      list.push({ id: campaignId, budget, committed: 0 });
    }
    campaignsOf.set(ids.sponsor(n), list);
  }

  // Conversations: sponsor1 is the busiest (5% of them); the rest are spread over every sponsor.
  // Each holds 10 messages; two of them carry offers (the first superseded or rejected, the second
  // pending, accepted or rejected).
  const conversationTotal = Math.round(20000 * scale);
  const pairs = new Set<string>();
  const conversations: Record<string, unknown>[] = [];
  const messages: Record<string, unknown>[] = [];
  const offers: Record<string, unknown>[] = [];
  const deliverables: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  let deliverableId = 0;
  let eventId = 0;
  let messageId = 0;
  let offerId = 0;
  const busiest = Math.round(conversationTotal * 0.05);
  for (let c = 1; c <= conversationTotal; c++) {
    const sponsorId = c <= busiest ? ids.sponsor(1) : ids.sponsor(1 + Math.floor(rand() * ids.sponsors));
    let influencerId: number;
    do influencerId = ids.influencer(1 + Math.floor(rand() * ids.influencers));
    while (pairs.has(`${sponsorId}:${influencerId}`));
    pairs.add(`${sponsorId}:${influencerId}`);
    const started = today - Math.floor(rand() * 60) * DAY - Math.floor(rand() * DAY);
    const campaign = pick(campaignsOf.get(sponsorId)!);
    const firstOffer = {
      id: ++offerId,
      campaign_id: campaign.id,
      sponsor_id: sponsorId,
      influencer_id: influencerId,
      proposed_by: sponsorId,
      budget_cents: (100 + Math.floor(rand() * 900)) * 100,
      terms: 'Two posts and a story.',
      status: rand() < 0.5 ? 'superseded' : 'rejected',
      superseded_by: null as number | null,
      answered_at: started + 3 * 3600_000,
      paid_at: null as number | null,
      created_at: started + 3600_000,
      updated_at: started + 3 * 3600_000,
    };
    const roll = rand();
    let secondStatus = roll < 0.4 ? 'pending' : roll < 0.8 ? 'accepted' : 'rejected';
    const secondBudget = firstOffer.budget_cents + 5000;
    if (secondStatus === 'accepted' && campaign.committed + secondBudget > campaign.budget) secondStatus = 'rejected';
    if (secondStatus === 'accepted') campaign.committed += secondBudget;
    const secondOffer = {
      ...firstOffer,
      id: ++offerId,
      proposed_by: influencerId,
      budget_cents: secondBudget,
      terms: 'Two posts, a story and a reel.',
      status: secondStatus,
      answered_at: secondStatus === 'pending' ? null : started + 6 * 3600_000,
      paid_at: secondStatus === 'accepted' && rand() < 0.5 ? started + 8 * 3600_000 : null,
      created_at: started + 5 * 3600_000,
      updated_at: started + 6 * 3600_000,
    };
    if (firstOffer.status === 'superseded') firstOffer.superseded_by = secondOffer.id;
    offers.push(firstOffer, secondOffer);
    // Every collaboration has 1–3 deliverables, spread over the states; approved ones have results.
    if (secondStatus === 'accepted') {
      const n = 1 + Math.floor(rand() * 3);
      for (let d = 0; d < n; d++) {
        const stateRoll = rand();
        const state = stateRoll < 0.4 ? 'approved' : stateRoll < 0.6 ? 'submitted' : stateRoll < 0.7 ? 'changes_requested' : 'due';
        const due = new Date(started + (7 + d * 7 + Math.floor(rand() * 50) - 25) * DAY).toISOString().slice(0, 10);
        const submittedAt = state === 'due' ? null : started + (2 + d) * DAY;
        const views = 1000 + Math.floor(rand() * 50000);
        deliverables.push({
          id: ++deliverableId,
          offer_id: secondOffer.id,
          title: ['Instagram reel', 'Story series', 'YouTube video', 'Blog post'][d % 4]!,
          due_date: due,
          state,
          url: submittedAt === null ? null : `https://video.example/${secondOffer.id}/${d}`,
          note: null,
          change_reason: state === 'changes_requested' ? 'Show the product earlier.' : null,
          views: state === 'approved' ? views : null,
          likes: state === 'approved' ? Math.floor(views * 0.05) : null,
          comments: state === 'approved' ? Math.floor(views * 0.004) : null,
          clicks: state === 'approved' ? Math.floor(views * 0.01) : null,
          created_at: started + DAY,
          updated_at: submittedAt ?? started + DAY,
          submitted_at: submittedAt,
          approved_at: state === 'approved' ? (submittedAt ?? started) + DAY : null,
        });
        events.push({ id: ++eventId, offer_id: secondOffer.id, actor_id: sponsorId, kind: 'deliverable_added', detail: `Added a deliverable: “${deliverables[deliverables.length - 1]!.title}”`, at: started + DAY });
        if (submittedAt !== null) events.push({ id: ++eventId, offer_id: secondOffer.id, actor_id: influencerId, kind: 'submitted', detail: 'Submitted for review', at: submittedAt });
      }
    }

    const count = Math.round(200000 / 20000);
    let lastAt = started;
    for (let m = 0; m < count; m++) {
      const fromSponsor = m % 2 === 0;
      lastAt = started + m * 3600_000 + 60_000;
      messages.push({
        id: ++messageId,
        conversation_id: c,
        sender_id: fromSponsor ? sponsorId : influencerId,
        recipient_id: fromSponsor ? influencerId : sponsorId,
        body: m === 1 ? 'Here is my offer.' : m === 5 ? 'Counter-offer attached.' : `Message ${m + 1} about the campaign: dates, deliverables and tone.`,
        offer_id: m === 1 ? firstOffer.id : m === 5 ? secondOffer.id : null,
        sent_at: lastAt,
        // The newest two messages of a third of the conversations are still unseen.
        seen_at: m >= count - 2 && c % 3 === 0 ? null : lastAt + 600_000,
      });
    }
    conversations.push({
      id: c,
      sponsor_id: sponsorId,
      influencer_id: influencerId,
      last_message_id: messageId,
      last_message_at: lastAt,
      created_at: started,
      version: count,
    });
  }

  await knex.transaction(async (trx) => {
    for (const table of TABLES) await trx(table).del();
    await trx.batchInsert('users', users, chunk);
    await trx.batchInsert('sponsor_profiles', sponsorProfiles, chunk);
    await trx.batchInsert('influencer_profiles', influencerProfiles, chunk);
    await trx.batchInsert('platform_accounts', platformAccounts, chunk);
    await trx.batchInsert('rates', rates, chunk);
    await trx.batchInsert('campaigns', campaigns, chunk);
    await trx.batchInsert('offers', offers, chunk);
    await trx.batchInsert('deliverables', deliverables, chunk);
    await trx.batchInsert('collaboration_events', events, chunk);
    await trx.batchInsert('conversations', conversations, chunk);
    await trx.batchInsert('messages', messages, chunk);
    await trx.batchInsert('follows', follows, chunk);
    if (isPg) {
      for (const table of SERIAL_TABLES) {
        await trx.raw(`select setval(pg_get_serial_sequence(?, 'id'), coalesce((select max(id) from ??), 0) + 1, false)`, [table, table]);
      }
    }
  });
  // Fresh statistics, so the query planner knows the tables' sizes; on PostgreSQL a vacuum also
  // merges what the bulk insert left in the trigram (GIN) indexes' pending lists, as autovacuum
  // would soon after.
  await knex.raw(isPg ? 'vacuum analyze' : 'analyze');

  return {
    sponsors: ids.sponsors,
    influencers: ids.influencers,
    users: ids.users,
    campaigns: campaigns.length,
    conversations: conversations.length,
    messages: messages.length,
    follows: follows.length,
    offers: offers.length,
    deliverables: deliverables.length,
    platforms: platformAccounts.length,
    rates: rates.length,
  };
}
