// The demo data set: an admin, sponsors (one awaiting approval), influencers, users who follow
// them, campaigns (public, private, flagged), offers in every status and conversations.
// It resets every table it fills and uses fixed ids, so running it twice gives the same database.
// Dates are relative to today so that campaigns are current whenever the demo is loaded.
import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_LOGINS = [
  { role: 'admin', username: 'admin' },
  { role: 'sponsor', username: 'acme' },
  { role: 'sponsor', username: 'newbrand', note: 'awaits approval' },
  { role: 'influencer', username: 'lena.trails' },
  { role: 'user', username: 'jordan' },
] as const;

/** The tables the demo data fills, children before parents (the order they are emptied in). */
export const TABLES = [
  'job_outbox',
  'collaboration_events',
  'deliverables',
  'disputes',
  'follows',
  'conversation_deletions',
  'messages',
  'conversations',
  'offers',
  'campaigns',
  'rates',
  'platform_accounts',
  'influencer_profiles',
  'sponsor_profiles',
  'users',
];
const SERIAL_TABLES = ['users', 'platform_accounts', 'campaigns', 'offers', 'deliverables', 'collaboration_events', 'disputes', 'conversations', 'messages', 'job_outbox'];

const DAY = 24 * 3600 * 1000;

/** The demo creators' own profile fields. */
const CREATORS: Record<number, Record<string, string>> = {
  5: { display_name: 'Lena Berg', bio: 'Trail diaries from the Alps and the Pyrenees: routes, gear that lasts, and nights in a tent. For people who carry their own pack.', city: 'Innsbruck', country: 'AT', languages: ',de,en,', availability: 'open' },
  6: { display_name: 'Marco Bianchi', bio: 'Plant-based Italian home cooking in under 30 minutes.', city: 'Bologna', country: 'IT', languages: ',it,en,', availability: 'open' },
  7: { display_name: 'Pia Nowak', bio: 'Indie games, reviewed kindly and honestly, live twice a week.', city: 'Kraków', country: 'PL', languages: ',pl,en,', availability: 'busy', busy_until: day(21) },
  8: { display_name: 'Sam Okafor', bio: 'Home workouts with no equipment and no excuses.', city: 'Manchester', country: 'GB', languages: ',en,', availability: 'open' },
  9: { display_name: 'Maya Rao', bio: 'Budgeting for people who hate spreadsheets.', city: 'Pune', country: 'IN', languages: ',en,hi,mr,', availability: 'open' },
  10: { display_name: 'Adé Mensah', bio: 'Second-hand and sustainable fashion, styled for real life.', city: 'Accra', country: 'GH', languages: ',en,fr,', availability: 'closed' },
};

/** [influencer, platform, handle, followers, average views, engagement (hundredths of a percent), figures entered days ago] */
const PLATFORM_ACCOUNTS: [number, string, string, number, number, number, number][] = [
  [5, 'instagram', 'lena.trails', 48_200, 12_400, 412, 6],
  [5, 'youtube', 'lenatrails', 21_900, 8_300, 655, 12],
  [6, 'instagram', 'chef.marco', 31_500, 9_100, 380, 3],
  [6, 'tiktok', 'chefmarco', 88_000, 41_000, 720, 3],
  [7, 'twitch', 'pixelpia', 6_400, 900, 910, 120],
  [7, 'youtube', 'pixelpia', 12_300, 3_100, 540, 120],
  [8, 'instagram', 'fitwithsam', 15_800, 5_200, 495, 20],
  [9, 'blog', 'https://moneymaya.example.com', 9_000, 2_600, 150, 40],
  [9, 'linkedin', 'maya-rao', 4_100, 1_200, 230, 40],
  [10, 'instagram', 'styleby.ade', 27_300, 7_700, 365, 9],
];

/** Each demo creator's rate card, in whole dollars. */
const RATES: [number, Record<string, number>][] = [
  [5, { post: 450, short: 650, story: 180, video: 1200 }],
  [6, { post: 380, short: 520 }],
  [7, { live: 300, video: 700 }],
  [8, { post: 220, short: 300, story: 90 }],
  [9, { blog: 400, post: 150 }],
  [10, { post: 350, story: 120 }],
];

function day(offset: number): string {
  return new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
}

export async function seed(knex: Knex): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Whole minutes, so that two runs within a minute write identical timestamps.
  const at = Math.floor(Date.now() / 60000) * 60000;
  const ago = (hours: number) => at - hours * 3600 * 1000;

  await knex.transaction(async (trx) => {
    for (const table of TABLES) await trx(table).del();

    // Accounts joined over the last eleven weeks, so that the insights' trends show something: the
    // admin first, sponsors and influencers before their campaigns and offers, users lately.
    const joined = (id: number, role: string) => 24 * (id === 1 ? 80 : role === 'user' ? 5 + ((id * 11) % 25) : 35 + ((id * 23) % 40));
    const user = (id: number, role: string, username: string, phone: string, status = 'active') => ({
      id,
      role,
      username,
      email: `${username.replace(/\./g, '-')}@example.com`,
      phone,
      password_hash: passwordHash,
      token_version: 0,
      status,
      approved_at: status === 'pending' ? null : ago(joined(id, role) - 12),
      last_visit_at: ago(2),
      created_at: ago(joined(id, role)),
      updated_at: ago(joined(id, role)),
    });
    await trx('users').insert([
      user(1, 'admin', 'admin', '+44 20 7946 0000'),
      user(2, 'sponsor', 'acme', '+44 20 7946 0101'),
      user(3, 'sponsor', 'brightbank', '+44 20 7946 0102'),
      user(4, 'sponsor', 'newbrand', '+44 20 7946 0103', 'pending'),
      user(5, 'influencer', 'lena.trails', '+44 7700 900201'),
      user(6, 'influencer', 'chef.marco', '+44 7700 900202'),
      user(7, 'influencer', 'pixelpia', '+44 7700 900203'),
      user(8, 'influencer', 'fitwithsam', '+44 7700 900204'),
      user(9, 'influencer', 'moneymaya', '+44 7700 900205'),
      user(10, 'influencer', 'styleby.ade', '+44 7700 900206'),
      user(11, 'user', 'jordan', '+44 7700 900301'),
      user(12, 'user', 'priya', '+44 7700 900302'),
      user(13, 'user', 'tom', '+44 7700 900303'),
    ]);
    await trx('sponsor_profiles').insert([
      { user_id: 2, industry: 'Outdoor gear' },
      { user_id: 3, industry: 'Banking' },
      { user_id: 4, industry: 'Cosmetics' },
    ]);

    const follows: [number, number][] = [
      [11, 5], [11, 6], [11, 9],
      [12, 5], [12, 7],
      [13, 5], [13, 8], [13, 10],
    ];
    const followers = (id: number) => follows.filter(([, influencer]) => influencer === id).length;
    await trx('influencer_profiles').insert(
      [
        [5, 'Travel', 'hiking & backpacking'],
        [6, 'Food & Drink', 'vegan cooking'],
        [7, 'Gaming', 'indie games'],
        [8, 'Fitness', 'home workouts'],
        [9, 'Finance', 'personal budgeting'],
        [10, 'Fashion', 'sustainable fashion'],
      ].map(([id, category, niche]) => ({ user_id: id, category, niche, follower_count: followers(id as number), ...CREATORS[id as number] })),
    );
    // Where each demo creator publishes, with figures entered a few days ago (pixelpia's are stale).
    await trx('platform_accounts').insert(
      PLATFORM_ACCOUNTS.map(([influencerId, platform, handle, followerCount, avgViews, engagementBp, daysAgo], n) => ({
        id: n + 1,
        influencer_id: influencerId,
        platform,
        handle,
        followers: followerCount,
        avg_views: avgViews,
        engagement_bp: engagementBp,
        figures_at: at - daysAgo * DAY,
        verified_at: influencerId === 5 && platform === 'instagram' ? ago(24 * 20) : null,
        verified_by: influencerId === 5 && platform === 'instagram' ? 1 : null,
        created_at: at - (daysAgo + 30) * DAY,
      })),
    );
    await trx('rates').insert(RATES.flatMap(([influencerId, card]) => Object.entries(card).map(([kind, dollars]) => ({ influencer_id: influencerId, kind, price_cents: dollars * 100 }))));
    await trx('follows').insert(follows.map(([u, i], n) => ({ user_id: u, influencer_id: i, created_at: ago(100 - n) })));

    const campaign = (
      id: number,
      sponsorId: number,
      title: string,
      niche: string,
      span: [number, number],
      budget: number,
      visibility: 'public' | 'private',
      flagReason: string | null = null,
    ) => ({
      id,
      sponsor_id: sponsorId,
      title,
      description: `${title}: a campaign by a demo sponsor.`,
      niche,
      start_date: day(span[0]),
      end_date: day(span[1]),
      budget_cents: budget * 100,
      visibility,
      goals: 'Reach new audiences with honest, hands-on content.',
      flagged: flagReason !== null,
      flag_reason: flagReason,
      flagged_at: flagReason ? ago(5) : null,
      created_at: ago(24 * 20 - id),
      updated_at: ago(24 * 20 - id),
    });
    await trx('campaigns').insert([
      campaign(1, 2, 'Spring trail gear launch', 'hiking & backpacking', [-10, 50], 12000, 'public'),
      campaign(2, 2, 'Winter camping guide', 'hiking & backpacking', [30, 90], 8000, 'private'),
      campaign(3, 2, 'Festival season tents', 'travel', [-5, 25], 5000, 'public', 'Claims about waterproofing are not backed up.'),
      campaign(4, 3, 'Savings challenge 2027', 'personal budgeting', [-20, 40], 15000, 'public'),
      campaign(5, 3, 'Student account promo', 'education', [10, 70], 6000, 'public'),
      campaign(6, 3, 'Healthy habits, healthy wallet', 'home workouts', [-3, 60], 4000, 'public'),
    ]);

    const offer = (
      id: number,
      campaignId: number,
      sponsorId: number,
      influencerId: number,
      proposedBy: number,
      budget: number,
      status: string,
      extra: Record<string, unknown> = {},
    ) => ({
      id,
      campaign_id: campaignId,
      sponsor_id: sponsorId,
      influencer_id: influencerId,
      proposed_by: proposedBy,
      budget_cents: budget * 100,
      terms: 'Two posts and one short video, with the campaign hashtag.',
      status,
      superseded_by: null,
      answered_at: status === 'pending' ? null : ago(30),
      paid_at: null,
      created_at: ago(48 + id),
      updated_at: ago(48 + id),
      ...extra,
    });
    await trx('offers').insert([
      offer(1, 1, 2, 5, 2, 2500, 'accepted', { paid_at: ago(20) }),
      offer(2, 1, 2, 7, 2, 1500, 'pending'),
      offer(3, 1, 2, 6, 6, 1200, 'rejected'),
      offer(4, 4, 3, 9, 3, 1500, 'superseded'),
      offer(5, 4, 3, 9, 9, 1800, 'pending'),
      offer(6, 6, 3, 8, 3, 1000, 'accepted'),
    ]);
    await trx('offers').where({ id: 4 }).update({ superseded_by: 5 });

    const conversations: { id: number; sponsor: number; influencer: number }[] = [
      { id: 1, sponsor: 2, influencer: 5 },
      { id: 2, sponsor: 2, influencer: 7 },
      { id: 3, sponsor: 2, influencer: 6 },
      { id: 4, sponsor: 3, influencer: 9 },
      { id: 5, sponsor: 3, influencer: 8 },
    ];
    // [conversation, from sponsor?, body, offer, hours ago, seen]
    const lines: [number, boolean, string, number | null, number, boolean][] = [
      [1, true, 'Hi Lena! We would love you on our spring trail launch.', 1, 60, true],
      [1, false, 'Sounds great, I accept. Shipping address to follow.', null, 50, true],
      [1, true, 'Payment sent, thank you for the lovely posts!', null, 20, true],
      [2, true, 'Fancy some trail gear for your next stream?', 2, 30, false],
      [3, false, 'I could do a recipe series for campers.', 3, 40, true],
      [3, true, 'Thanks, but it is not the right fit this season.', null, 35, true],
      [4, true, 'Join our savings challenge?', 4, 26, true],
      [4, false, 'Happy to, at a slightly higher budget: see my counter-offer.', 5, 3, false],
      [5, true, 'A short workout series on a budget?', 6, 70, true],
      [5, false, 'Deal! Filming next week.', null, 66, true],
    ];
    await trx('conversations').insert(
      conversations.map((c) => ({ id: c.id, sponsor_id: c.sponsor, influencer_id: c.influencer, created_at: ago(72) })),
    );
    await trx('messages').insert(
      lines.map(([conversationId, fromSponsor, body, offerId, hours, seen], n) => {
        const c = conversations.find((x) => x.id === conversationId)!;
        return {
          id: n + 1,
          conversation_id: conversationId,
          sender_id: fromSponsor ? c.sponsor : c.influencer,
          recipient_id: fromSponsor ? c.influencer : c.sponsor,
          body,
          offer_id: offerId,
          sent_at: ago(hours),
          seen_at: seen ? ago(hours - 1) : null,
        };
      }),
    );
    for (const c of conversations) {
      const last = await trx('messages').where({ conversation_id: c.id }).orderBy('id', 'desc').first();
      await trx('conversations').where({ id: c.id }).update({ last_message_id: last.id, last_message_at: last.sent_at });
    }

    // Collaborations: acme and lena.trails delivered and were paid; brightbank awaits its review of
    // fitwithsam's reel, and a story series is overdue.
    // [id, offer, title, due (days from today), state, hours ago submitted]
    // What lena.trails' two approved posts did.
    const RESULTS: Record<number, { views: number; likes: number; comments: number; clicks: number }> = {
      1: { views: 18_400, likes: 1_320, comments: 96, clicks: 410 },
      2: { views: 9_700, likes: 640, comments: 58, clicks: 275 },
    };
    const deliverables: [number, number, string, number, string, number | null][] = [
      [1, 1, 'Instagram reel: first trail day', -25, 'approved', 26],
      [2, 1, 'YouTube vlog: the full route', -22, 'approved', 24],
      [3, 6, 'Workout reel on a budget', 3, 'submitted', 5],
      [4, 6, 'Story series: one week of workouts', -1, 'due', null],
    ];
    await trx('deliverables').insert(
      deliverables.map(([id, offerId, title, due, state, submitted]) => ({
        id,
        offer_id: offerId,
        title,
        due_date: day(due),
        state,
        url: submitted === null ? null : `https://video.example/${offerId}/${id}`,
        note: submitted === null ? null : 'Live now.',
        created_at: ago(30),
        updated_at: ago(submitted ?? 30),
        submitted_at: submitted === null ? null : ago(submitted),
        approved_at: state === 'approved' ? ago((submitted ?? 1) - 1) : null,
        ...(RESULTS[id] ?? {}),
      })),
    );
    const events: [number, number, string, string, number][] = [
      [1, 2, 'deliverable_added', 'Added a deliverable: “Instagram reel: first trail day”', 30],
      [1, 2, 'deliverable_added', 'Added a deliverable: “YouTube vlog: the full route”', 30],
      [1, 5, 'submitted', 'Submitted “Instagram reel: first trail day” for review', 26],
      [1, 5, 'submitted', 'Submitted “YouTube vlog: the full route” for review', 24],
      [1, 2, 'approved', 'Approved “Instagram reel: first trail day”', 25],
      [1, 2, 'approved', 'Approved “YouTube vlog: the full route”', 23],
      [1, 5, 'results', 'Results for “Instagram reel: first trail day”: 18,400 views, 1,320 likes, 96 comments, 410 clicks', 22],
      [1, 5, 'results', 'Results for “YouTube vlog: the full route”: 9,700 views, 640 likes, 58 comments, 275 clicks', 21],
      [6, 3, 'deliverable_added', 'Added a deliverable: “Workout reel on a budget”', 30],
      [6, 3, 'deliverable_added', 'Added a deliverable: “Story series: one week of workouts”', 30],
      [6, 8, 'submitted', 'Submitted “Workout reel on a budget” for review', 5],
    ];
    await trx('collaboration_events').insert(
      events.map(([offerId, actorId, kind, detail, hours], n) => ({ id: n + 1, offer_id: offerId, actor_id: actorId, kind, detail, at: ago(hours) })),
    );

    if (trx.client.config.client === 'pg') {
      for (const table of SERIAL_TABLES) {
        await trx.raw(`select setval(pg_get_serial_sequence(?, 'id'), coalesce((select max(id) from ??), 0) + 1, false)`, [
          table,
          table,
        ]);
      }
    }
  });
}
