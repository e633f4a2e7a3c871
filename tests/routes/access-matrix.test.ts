// The access-control matrix: every route the app serves (read from its own router, so a new route
// without an entry here fails) × every role, including "another sponsor" and "another influencer"
// for objects that belong to someone. A refused POST must also leave the database as it was.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { now } from '../../src/db';
import { exportsDir } from '../../src/services/exports';
import { type Agent, browser, createTestApp, csrfToken, logIn, type TestApp } from '../support/app';
import { account, campaign, databaseState, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';
import { routesOf } from '../support/routes';

const ACTORS = ['anon', 'admin', 'sponsor', 'otherSponsor', 'influencer', 'otherInfluencer', 'user'] as const;
type Actor = (typeof ACTORS)[number];
/** ok: the guard let the request through (any answer but 401/403/404, a login redirect or 5xx). */
type Outcome = 'ok' | 'login' | 'forbidden' | 'missing';
type Role = 'admin' | 'sponsor' | 'influencer' | 'user';

interface World {
  ids: Record<Exclude<Actor, 'anon'>, number>;
  campaign: number;
  offer: number;
  export: number;
  /** A sponsor awaiting approval: what the admin's account actions are tried on. */
  pendingSponsor: number;
  /** An accepted offer between sponsor and influencer, and a deliverable due on it. */
  collaboration: number;
  deliverable: number;
  /** An open dispute on a collaboration of its own. */
  dispute: number;
  /** The influencer's username (its public page) and one of its platform accounts. */
  influencerName: string;
  platform: number;
}

interface Entry {
  /** The URL to request, for this actor (objects belong to `sponsor` and `influencer`). */
  url: (w: World, actor: Actor) => string | Promise<string>;
  /** Who gets through: roles allowed, and which of them must own the object (others get 404). */
  expect: Record<Actor, Outcome>;
  /** For the actors let through a POST: a URL on an object of its own, so the shared ones stay put. */
  fresh?: (w: World, actor: Actor) => Promise<string>;
  /** The form's fields, when an empty one would not reach the check. */
  fields?: (w: World, actor: Actor) => Record<string, string>;
  /** Where a request let through is sent, when that is the login page itself (a redirect there is ok, not a guard's). */
  landing?: string;
}

/** `roles` get through; with `owners`, "another sponsor/influencer" gets 404 (not theirs). */
function allow(roles: Role[], owners: ('sponsor' | 'influencer')[] = []): Record<Actor, Outcome> {
  const outcome = (actor: Actor): Outcome => {
    if (actor === 'anon') return 'login';
    const role: Role = actor === 'otherSponsor' ? 'sponsor' : actor === 'otherInfluencer' ? 'influencer' : actor;
    if (!roles.includes(role)) return 'forbidden';
    if ((actor === 'otherSponsor' && owners.includes('sponsor')) || (actor === 'otherInfluencer' && owners.includes('influencer'))) return 'missing';
    return 'ok';
  };
  return Object.fromEntries(ACTORS.map((a) => [a, outcome(a)])) as Record<Actor, Outcome>;
}
const everyone = Object.fromEntries(ACTORS.map((a) => [a, 'ok'])) as Record<Actor, Outcome>;
const fixed = (url: string) => () => url;

/** The counterpart of a chat: influencer A for sponsors, sponsor A for everyone else. */
const counterpart = (w: World, actor: Actor) => (actor === 'sponsor' || actor === 'otherSponsor' ? w.ids.influencer : w.ids.sponsor);

let t: TestApp;
let world: World;
const agents = {} as Record<Actor, Agent>;
const tokens = {} as Partial<Record<Actor, string>>;

async function freshCampaign(): Promise<number> {
  return campaign(t, world.ids.sponsor);
}
async function freshOffer(status = 'pending'): Promise<number> {
  return offer(t, { campaignId: await freshCampaign(), sponsorId: world.ids.sponsor, influencerId: world.ids.influencer, status });
}
/** A deliverable due on a collaboration of its own. */
async function freshDeliverable(): Promise<number> {
  const collaboration = await freshOffer('accepted');
  const { id } = await t.ctx.services.collaborations.addDeliverable(await viewerOf(t, world.ids.sponsor), collaboration, { title: 'Instagram reel', dueDate: inDays(7) });
  return id;
}
/** An open dispute, opened by the influencer, on a collaboration of its own. */
async function freshDispute(): Promise<number> {
  const collaboration = await freshOffer('accepted');
  await t.ctx.services.collaborations.openDispute(await viewerOf(t, world.ids.influencer), collaboration, 'Not paid');
  const { id } = await t.ctx.db('disputes').where({ offer_id: collaboration }).first();
  return id;
}
/** A reset link of an account of its own, as its email gives it. */
async function freshResetLink(): Promise<string> {
  const id = await account(t, 'user');
  const { email } = await t.ctx.db('users').where({ id }).first('email');
  await t.ctx.services.passwordResets.request(email, { address: `matrix-${id}` });
  const reset = await t.ctx.db('password_resets').where({ user_id: id }).first('id');
  const mail = await t.ctx.services.passwordResets.issueToken(reset.id);
  return `/password/reset/${mail!.token}`;
}
let handles = 0;
const platformFields = () => ({ platform: 'instagram', handle: `matrix.${++handles}`, followers: '1200', avg_views: '300', engagement_rate: '2.5' });
/** A platform account of the influencer's own. */
async function freshPlatform(): Promise<number> {
  return t.ctx.services.creators.addPlatform(await viewerOf(t, world.ids.influencer), { platform: 'instagram', handle: `fresh.${++handles}`, followers: 10, avgViews: 5, engagementBp: 100 });
}
async function freshPendingSponsor(): Promise<number> {
  const { id } = await sponsor(t, { approved: false });
  return id;
}

const ROUTES: Record<string, Entry> = {
  'GET /healthz': { url: fixed('/healthz'), expect: everyone },
  'GET /manifest.webmanifest': { url: fixed('/manifest.webmanifest'), expect: everyone },
  'GET /': { url: fixed('/'), expect: everyone },
  'GET /login': { url: fixed('/login'), expect: everyone },
  'POST /login': { url: fixed('/login'), expect: everyone },
  'GET /signup': { url: fixed('/signup?role=sponsor'), expect: everyone },
  'POST /signup': { url: fixed('/signup'), expect: everyone },
  'GET /password/forgot': { url: fixed('/password/forgot'), expect: everyone },
  // Both send the person on to log in, saying what happened.
  'POST /password/forgot': { url: fixed('/password/forgot'), fields: () => ({ email: 'someone@example.com' }), expect: everyone, landing: '/login' },
  'GET /password/reset/:token': { url: freshResetLink, expect: everyone },
  'POST /password/reset/:token': { url: freshResetLink, fields: () => ({ new_password: 'lantern oyster maple drift' }), expect: everyone, landing: '/login' },
  // Logging out (signed in or not) ends on the login page.
  'POST /logout': { url: fixed('/logout'), expect: Object.fromEntries(ACTORS.map((a) => [a, 'login'])) as Record<Actor, Outcome> },

  // Everyone signed in has an account of their own; an admin cannot delete itself.
  'GET /account/data': { url: fixed('/account/data'), expect: allow(['admin', 'sponsor', 'influencer', 'user']) },
  'GET /account/delete': { url: fixed('/account/delete'), expect: allow(['admin', 'sponsor', 'influencer', 'user']) },
  'POST /account/delete': {
    url: fixed('/account/delete'),
    fields: () => ({ password: 'not the password of anyone' }),
    expect: { ...allow(['admin', 'sponsor', 'influencer', 'user']), admin: 'forbidden' },
  },

  'GET /admin': { url: fixed('/admin'), expect: allow(['admin']) },
  'GET /admin/campaigns': { url: fixed('/admin/campaigns'), expect: allow(['admin']) },
  'GET /admin/insights': { url: fixed('/admin/insights'), expect: allow(['admin']) },
  'POST /admin/campaigns/:id/flag': { url: (w) => `/admin/campaigns/${w.campaign}/flag`, expect: allow(['admin']), fresh: async () => `/admin/campaigns/${await freshCampaign()}/flag` },
  'POST /admin/campaigns/:id/unflag': { url: (w) => `/admin/campaigns/${w.campaign}/unflag`, expect: allow(['admin']), fresh: async () => `/admin/campaigns/${await freshCampaign()}/unflag` },
  'GET /admin/users/:id/delete': { url: (w) => `/admin/users/${w.pendingSponsor}/delete`, expect: allow(['admin']) },
  ...Object.fromEntries(
    ['delete', 'approve', 'reject', 'suspend', 'restore'].map((action) => [
      `POST /admin/users/:id/${action}`,
      { url: (w: World) => `/admin/users/${w.pendingSponsor}/${action}`, expect: allow(['admin']), fresh: async () => `/admin/users/${await freshPendingSponsor()}/${action}` },
    ]),
  ),

  'GET /sponsor': { url: fixed('/sponsor'), expect: allow(['sponsor']) },
  'GET /sponsor/profile': { url: fixed('/sponsor/profile'), expect: allow(['sponsor']) },
  'POST /sponsor/profile': { url: fixed('/sponsor/profile'), expect: allow(['sponsor']) },
  'GET /sponsor/influencers': { url: fixed('/sponsor/influencers?niche=hik'), expect: allow(['sponsor']) },
  'GET /sponsor/exports': { url: fixed('/sponsor/exports'), expect: allow(['sponsor']) },
  'POST /sponsor/exports': { url: fixed('/sponsor/exports'), expect: allow(['sponsor']) },
  'GET /sponsor/exports/:id/download': { url: (w) => `/sponsor/exports/${w.export}/download`, expect: allow(['sponsor'], ['sponsor']) },

  'GET /influencer': { url: fixed('/influencer'), expect: allow(['influencer']) },
  'GET /influencer/profile': { url: fixed('/influencer/profile'), expect: allow(['influencer']) },
  'POST /influencer/profile': { url: fixed('/influencer/profile'), expect: allow(['influencer']) },
  'GET /influencer/campaigns': { url: fixed('/influencer/campaigns?sort=budget'), expect: allow(['influencer']) },
  // The creator profile: platform accounts and the rate card are the influencer's own.
  'POST /influencer/platforms': { url: fixed('/influencer/platforms'), fields: platformFields, expect: allow(['influencer']) },
  'POST /influencer/platforms/:id': { url: (w) => `/influencer/platforms/${w.platform}`, fields: platformFields, expect: allow(['influencer'], ['influencer']), fresh: async () => `/influencer/platforms/${await freshPlatform()}` },
  'GET /influencer/platforms/new': { url: fixed('/influencer/platforms/new'), expect: allow(['influencer']) },
  'GET /influencer/platforms/:id': { url: (w) => `/influencer/platforms/${w.platform}`, expect: allow(['influencer'], ['influencer']) },
  'GET /influencer/platforms/:id/delete': { url: (w) => `/influencer/platforms/${w.platform}/delete`, expect: allow(['influencer'], ['influencer']) },
  'POST /influencer/platforms/:id/delete': { url: (w) => `/influencer/platforms/${w.platform}/delete`, expect: allow(['influencer'], ['influencer']), fresh: async () => `/influencer/platforms/${await freshPlatform()}/delete` },
  'POST /influencer/rates': { url: fixed('/influencer/rates'), fields: () => ({ rate_post: '250' }), expect: allow(['influencer']) },
  // A creator's public page: anyone, signed out too.
  'GET /@:username': { url: (w) => `/@${w.influencerName}`, expect: everyone },
  'GET /@:username/media-kit.pdf': { url: (w) => `/@${w.influencerName}/media-kit.pdf`, expect: everyone },
  'POST /admin/platforms/:id/verify': { url: (w) => `/admin/platforms/${w.platform}/verify`, expect: allow(['admin']), fresh: async () => `/admin/platforms/${await freshPlatform()}/verify` },
  'POST /admin/platforms/:id/unverify': { url: (w) => `/admin/platforms/${w.platform}/unverify`, expect: allow(['admin']), fresh: async () => `/admin/platforms/${await freshPlatform()}/unverify` },

  'GET /user': { url: fixed('/user'), expect: allow(['user']) },
  'GET /user/profile': { url: fixed('/user/profile'), expect: allow(['user']) },
  'POST /user/profile': { url: fixed('/user/profile'), expect: allow(['user']) },
  'GET /user/influencers': { url: fixed('/user/influencers'), expect: allow(['user']) },
  'POST /influencers/:id/follow': { url: (w) => `/influencers/${w.ids.influencer}/follow`, expect: allow(['user']) },
  'POST /influencers/:id/unfollow': { url: (w) => `/influencers/${w.ids.influencer}/unfollow`, expect: allow(['user']) },

  'GET /campaigns/new': { url: fixed('/campaigns/new'), expect: allow(['sponsor']) },
  'POST /campaigns': { url: fixed('/campaigns'), expect: allow(['sponsor']) },
  // Its sponsor and admins; influencers too while it is public and unflagged (this one is).
  'GET /campaigns/:id': { url: (w) => `/campaigns/${w.campaign}`, expect: allow(['admin', 'sponsor', 'influencer'], ['sponsor']) },
  'GET /campaigns/:id/edit': { url: (w) => `/campaigns/${w.campaign}/edit`, expect: allow(['sponsor'], ['sponsor']) },
  'POST /campaigns/:id': { url: (w) => `/campaigns/${w.campaign}`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/campaigns/${await freshCampaign()}` },
  'GET /campaigns/:id/delete': { url: (w) => `/campaigns/${w.campaign}/delete`, expect: allow(['sponsor'], ['sponsor']) },
  'POST /campaigns/:id/delete': { url: (w) => `/campaigns/${w.campaign}/delete`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/campaigns/${await freshCampaign()}/delete` },
  'POST /campaigns/:id/visibility': { url: (w) => `/campaigns/${w.campaign}/visibility`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/campaigns/${await freshCampaign()}/visibility` },

  'GET /offers/new': {
    url: (w, actor) => (actor === 'sponsor' || actor === 'otherSponsor' ? `/offers/new?influencer_id=${w.ids.influencer}` : `/offers/new?campaign_id=${w.campaign}`),
    expect: allow(['sponsor', 'influencer']),
  },
  // An offer names a campaign: any influencer may propose on a public one; another sponsor is told
  // to choose one of its own (a 422 on the form, see below).
  'POST /offers': {
    url: fixed('/offers'),
    fields: (w) => ({ campaign_id: String(w.campaign), influencer_id: String(w.ids.influencer), budget: '100.00', terms: 'One post', body: 'Hello' }),
    expect: allow(['sponsor', 'influencer']),
  },
  // The sponsor proposed these offers: only the influencer may answer them (the proposer gets 403).
  'POST /offers/:id/accept': { url: (w) => `/offers/${w.offer}/accept`, expect: { ...allow(['sponsor', 'influencer'], ['sponsor', 'influencer']), sponsor: 'forbidden' }, fresh: async () => `/offers/${await freshOffer()}/accept` },
  'POST /offers/:id/reject': { url: (w) => `/offers/${w.offer}/reject`, expect: { ...allow(['sponsor', 'influencer'], ['sponsor', 'influencer']), sponsor: 'forbidden' }, fresh: async () => `/offers/${await freshOffer()}/reject` },
  'POST /offers/:id/paid': { url: (w) => `/offers/${w.offer}/paid`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/offers/${await freshOffer('accepted')}/paid` },

  // Live events: the signed-in sponsor's or influencer's own, nobody else's (no id in the URL).
  'GET /events': { url: fixed('/events'), expect: allow(['sponsor', 'influencer']) },

  // A chat is between me and the user in the URL: "another" sponsor or influencer has a chat of its own.
  'GET /inbox': { url: fixed('/inbox'), expect: allow(['sponsor', 'influencer']) },
  'GET /inbox/:userId': { url: (w, a) => `/inbox/${counterpart(w, a)}`, expect: allow(['sponsor', 'influencer']) },
  'GET /inbox/:userId/poll': { url: (w, a) => `/inbox/${counterpart(w, a)}/poll?v=1`, expect: allow(['sponsor', 'influencer']) },
  'POST /inbox/:userId/messages': { url: (w, a) => `/inbox/${counterpart(w, a)}/messages`, expect: allow(['sponsor', 'influencer']) },
  'GET /inbox/:userId/delete': { url: (w, a) => `/inbox/${counterpart(w, a)}/delete`, expect: allow(['sponsor', 'influencer']) },
  'POST /inbox/:userId/delete': { url: (w, a) => `/inbox/${counterpart(w, a)}/delete`, expect: allow(['sponsor', 'influencer']) },

  // A collaboration is its sponsor's, its influencer's and the admins'; deliverables are set and
  // reviewed by the sponsor, submitted by the influencer.
  'GET /collaborations': { url: fixed('/collaborations'), expect: allow(['sponsor', 'influencer']) },
  'GET /collaborations/:offerId': { url: (w) => `/collaborations/${w.collaboration}`, expect: allow(['admin', 'sponsor', 'influencer'], ['sponsor', 'influencer']) },
  'POST /collaborations/:offerId/deliverables': {
    url: (w) => `/collaborations/${w.collaboration}/deliverables`,
    fields: () => ({ title: 'Instagram reel', due_date: inDays(7) }),
    expect: allow(['sponsor'], ['sponsor']),
    fresh: async () => `/collaborations/${await freshOffer('accepted')}/deliverables`,
  },
  'GET /deliverables/:id/delete': { url: (w) => `/deliverables/${w.deliverable}/delete`, expect: allow(['sponsor'], ['sponsor']) },
  'POST /deliverables/:id/delete': { url: (w) => `/deliverables/${w.deliverable}/delete`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/deliverables/${await freshDeliverable()}/delete` },
  'POST /deliverables/:id/submit': {
    url: (w) => `/deliverables/${w.deliverable}/submit`,
    fields: () => ({ url: 'https://example.com/post' }),
    expect: allow(['influencer'], ['influencer']),
    fresh: async () => `/deliverables/${await freshDeliverable()}/submit`,
  },
  'POST /deliverables/:id/approve': { url: (w) => `/deliverables/${w.deliverable}/approve`, expect: allow(['sponsor'], ['sponsor']), fresh: async () => `/deliverables/${await freshDeliverable()}/approve` },
  'POST /deliverables/:id/results': {
    url: (w) => `/deliverables/${w.deliverable}/results`,
    fields: () => ({ views: '100', likes: '10', comments: '1', clicks: '2' }),
    expect: allow(['sponsor', 'influencer'], ['sponsor', 'influencer']),
    fresh: async () => `/deliverables/${await freshDeliverable()}/results`,
  },
  'POST /collaborations/:offerId/dispute': {
    url: (w) => `/collaborations/${w.collaboration}/dispute`,
    fields: () => ({ reason: 'The post never went up' }),
    expect: allow(['sponsor', 'influencer'], ['sponsor', 'influencer']),
    fresh: async () => `/collaborations/${await freshOffer('accepted')}/dispute`,
  },
  'GET /admin/disputes': { url: fixed('/admin/disputes'), expect: allow(['admin']) },
  'GET /admin/audit': { url: fixed('/admin/audit?action=suspend'), expect: allow(['admin']) },
  'POST /admin/disputes/:id/resolve': {
    url: (w) => `/admin/disputes/${w.dispute}/resolve`,
    fields: () => ({ note: 'Both sides agreed to redo the post' }),
    expect: allow(['admin']),
    fresh: async () => `/admin/disputes/${await freshDispute()}/resolve`,
  },
  'POST /deliverables/:id/request-changes': {
    url: (w) => `/deliverables/${w.deliverable}/request-changes`,
    fields: () => ({ reason: 'Tag the brand' }),
    expect: allow(['sponsor'], ['sponsor']),
    fresh: async () => `/deliverables/${await freshDeliverable()}/request-changes`,
  },
};

function outcomeOf(res: { status: number; headers: Record<string, string> }): Outcome | `status ${number}` {
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status === 401 || res.status === 403) return 'forbidden';
  if (res.status === 404) return 'missing';
  if (res.status >= 300 && res.status < 400 && /^\/login(\?|$)/.test(res.headers.location ?? '')) return 'login';
  return 'ok';
}

/** `actor`'s request, as its browser sends it: a POST is a form with its CSRF token. */
function send(actor: Actor, method: 'GET' | 'POST', url: string, fields: Record<string, string> = {}) {
  const agent = agents[actor];
  // A live-events stream never ends: its status and headers are the answer, then it is dropped.
  if (url === '/events') {
    return agent
      .get(url)
      .redirects(0)
      .buffer(false)
      .parse((res, done) => {
        done(null, '');
        (res as unknown as { destroy(): void }).destroy();
      });
  }
  return method === 'GET' ? agent.get(url).redirects(0) : agent.post(url).type('form').send({ ...fields, _csrf: tokens[actor]! }).redirects(0);
}

before(async () => {
  t = await createTestApp();
  const brand = await sponsor(t);
  const rival = await sponsor(t);
  agents.sponsor = brand.agent;
  agents.otherSponsor = rival.agent;
  const ids = { sponsor: brand.id, otherSponsor: rival.id } as World['ids'];
  for (const actor of ['influencer', 'otherInfluencer', 'user', 'admin'] as const) {
    const id = actor === 'user' || actor === 'admin' ? await account(t, actor) : await influencer(t);
    const { username } = await t.ctx.db('users').where({ id }).first();
    agents[actor] = browser(t);
    await logIn(agents[actor], username);
    ids[actor] = id;
  }
  agents.anon = browser(t);
  const campaignId = await campaign(t, brand.id);
  const file = `export-${brand.id}.csv`;
  mkdirSync(exportsDir(t.ctx.config), { recursive: true });
  writeFileSync(path.join(exportsDir(t.ctx.config), file), 'id,title\n');
  const [exportRow] = await t.ctx
    .db('exports')
    .insert({ sponsor_id: brand.id, status: 'ready', file_name: file, row_count: 0, created_at: now(), finished_at: now() })
    .returning('id');
  world = {
    ids,
    campaign: campaignId,
    offer: await offer(t, { campaignId, sponsorId: brand.id, influencerId: ids.influencer, status: 'pending' }),
    export: typeof exportRow === 'object' ? (exportRow as { id: number }).id : (exportRow as number),
    pendingSponsor: (await sponsor(t, { approved: false })).id,
    collaboration: 0,
    deliverable: 0,
    dispute: 0,
    influencerName: (await t.ctx.db('users').where({ id: ids.influencer }).first()).username,
    platform: 0,
  };
  world.platform = await freshPlatform();
  world.collaboration = await freshOffer('accepted');
  world.dispute = await freshDispute();
  world.deliverable = (await t.ctx.services.collaborations.addDeliverable(await viewerOf(t, brand.id), world.collaboration, { title: 'Story', dueDate: inDays(7) })).id;
  for (const actor of ACTORS) tokens[actor] = await csrfToken(agents[actor]);
});
after(() => t.close());

describe('ownership beyond the role', () => {
  it('a sponsor cannot open a chat with another sponsor, nor an influencer with another influencer', async () => {
    const asSponsor = await agents.sponsor.get(`/inbox/${world.ids.otherSponsor}`);
    const asInfluencer = await agents.influencer.get(`/inbox/${world.ids.otherInfluencer}`);
    assert.equal(asSponsor.status, 404);
    assert.equal(asInfluencer.status, 404);
  });

  it("another sponsor cannot send an offer on a sponsor's campaign: the form asks for one of its own", async () => {
    const offers = Number((await t.ctx.db('offers').count({ n: '*' }).first())?.n);
    const res = await agents.otherSponsor
      .post('/offers')
      .type('form')
      .send({ campaign_id: String(world.campaign), influencer_id: String(world.ids.influencer), budget: '100.00', terms: 'One post', _csrf: tokens.otherSponsor! });
    assert.equal(res.status, 422);
    assert.match(res.text, /Choose one of your campaigns/);
    assert.equal(Number((await t.ctx.db('offers').count({ n: '*' }).first())?.n), offers);
  });

  it('a user cannot follow a sponsor or another user as if they were influencers', async () => {
    for (const id of [world.ids.sponsor, world.ids.user]) {
      const res = await agents.user.post(`/influencers/${id}/follow`).type('form').send({ _csrf: tokens.user! }).redirects(0);
      assert.equal(res.status, 404);
    }
    assert.equal(Number((await t.ctx.db('follows').where({ user_id: world.ids.user }).whereNot({ influencer_id: world.ids.influencer }).count({ n: '*' }).first())?.n), 0);
  });
});

describe('ids no row can have', () => {
  // Beyond PostgreSQL's 32-bit integer ids (which refuses to compare them: this was a 500), beyond
  // JavaScript's safe integers, and absurdly long.
  const HUGE = ['2147483648', '99999999999', '9007199254740993', `1${'0'.repeat(30)}`];

  it('answer 404 on every route with an id in its path, for everyone let through, changing nothing', async () => {
    const wrong: string[] = [];
    for (const [key, entry] of Object.entries(ROUTES).filter(([k]) => k.includes('/:'))) {
      const [method, pattern] = key.split(' ') as ['GET' | 'POST', string];
      const actor = ACTORS.find((a) => entry.expect[a] === 'ok')!;
      for (const id of HUGE) {
        const url = pattern.replace(/:\w+/, id);
        const before = method === 'POST' ? await databaseState(t) : '';
        const res = await send(actor, method, url, entry.fields?.(world, actor));
        if (res.status !== 404) wrong.push(`${actor} ${method} ${url}: ${res.status}`);
        if (before && before !== (await databaseState(t))) wrong.push(`${actor} ${method} ${url}: the database changed`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('in a query or a form are ignored or refused, never a 5xx', async () => {
    const wrong: string[] = [];
    for (const id of HUGE) {
      for (const [actor, url, expected] of [
        ['sponsor', `/offers/new?influencer_id=${id}`, 404],
        ['influencer', `/offers/new?campaign_id=${id}`, 404],
        ['sponsor', `/inbox/${world.ids.influencer}?before=${id}`, 200],
        ['sponsor', `/inbox/${world.ids.influencer}/poll?v=${id}`, 200],
      ] as const) {
        const res = await send(actor, 'GET', url);
        if (res.status !== expected) wrong.push(`${actor} GET ${url}: ${res.status}`);
      }
      // A refused chat form shows the chat again, which marks what it shows as seen: not input.
      const state = () => databaseState(t, ['last_visit_at', 'seen_at', 'version']);
      const before = await state();
      for (const [actor, url, fields] of [
        ['sponsor', '/offers', { campaign_id: id, influencer_id: String(world.ids.influencer), budget: '100', terms: 'One post' }],
        ['sponsor', '/offers', { campaign_id: String(world.campaign), influencer_id: id, budget: '100', terms: 'One post' }],
        ['influencer', `/inbox/${world.ids.sponsor}/messages`, { body: 'Hi', campaign_id: id, budget: '100', terms: 'One post' }],
      ] as const) {
        const res = await send(actor, 'POST', url, fields);
        if (res.status < 400 || res.status >= 500) wrong.push(`${actor} POST ${url} ${JSON.stringify(fields)}: ${res.status}`);
      }
      if (before !== (await state())) wrong.push(`a refused form with id ${id} changed the database`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('access-control matrix', () => {
  it('has an entry for every route the app serves, and no entry for a route it does not', () => {
    const served = routesOf(t.app).sort();
    assert.deepEqual(served.filter((r) => !ROUTES[r]), [], 'routes without an entry in the matrix');
    assert.deepEqual(Object.keys(ROUTES).filter((r) => !served.includes(r)), [], 'entries for routes the app does not serve');
  });

  // Logging out revokes every session of the account: it goes last.
  const order = Object.keys(ROUTES).sort((a, b) => Number(a === 'POST /logout') - Number(b === 'POST /logout'));
  for (const key of order) {
    const entry = ROUTES[key]!;
    const method = key.split(' ')[0] as 'GET' | 'POST';
    it(`${key}: ${ACTORS.map((a) => `${a} ${entry.expect[a]}`).join(', ')}`, async () => {
      const wrong: string[] = [];
      for (const actor of ACTORS) {
        const expected = entry.expect[actor];
        const url = expected === 'ok' && entry.fresh ? await entry.fresh(world, actor) : await entry.url(world, actor);
        const refused = expected === 'forbidden' || expected === 'missing' || (expected === 'login' && actor === 'anon');
        const before = method === 'POST' && refused ? await databaseState(t) : '';
        const res = await send(actor, method, url, entry.fields?.(world, actor));
        const got = entry.landing !== undefined && res.status === 303 && res.headers.location === entry.landing ? 'ok' : outcomeOf(res);
        if (got !== expected) wrong.push(`${actor}: expected ${expected}, got ${got} (${res.status} ${res.headers.location ?? ''}) for ${method} ${url}`);
        if (before && before !== (await databaseState(t))) wrong.push(`${actor}: refused, but the database changed (${method} ${url})`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
