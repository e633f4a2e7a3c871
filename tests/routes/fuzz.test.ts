// Hostile input, property-based (fast-check): every form of the app (every POST route its router
// serves, and the search pages' query strings) gets random and malicious values — huge strings,
// unicode, SQL and HTML payloads, negative and overflowing money, impossible dates, missing and
// repeated fields, the wrong content type. The app must never answer 5xx, never store what it
// refused (a 4xx leaves the database as it was), and never print a payload unescaped.
// FUZZ_RUNS sets the runs per form (default 12); FUZZ_SEED replays a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Agent, browser, createTestApp, csrfToken, logIn, type TestApp } from '../support/app';
import { account, campaign, databaseState, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';
import { routesOf } from '../support/routes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Payloads that must come back escaped, wherever the text is shown. */
const SCRIPT = '<script>fuzz()</script>';
const IMG = '"><img src=x onerror=fuzz()>';
const UNESCAPED = [SCRIPT, '<img src=x onerror=fuzz()>'];

const nasty = fc.constantFrom(
  SCRIPT,
  IMG,
  `'; drop table users; --`,
  `" or 1=1 --`,
  `1) union select password_hash from users --`,
  '%_\\',
  '-1',
  '-0.01',
  '0',
  '0.001',
  '1e309',
  '99999999999999999999.99',
  '9007199254740993',
  'NaN',
  'Infinity',
  '1,500.50',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-13-01',
  '',
  '   ',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👩🏽‍🚀🏳️‍🌈',
  '../../etc/passwd',
  'javascript:alert(1)',
  '//evil.example/',
  'x'.repeat(5_000),
);
const value = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);
/** A field: missing, once, or repeated. */
const field = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) });
const encoding = fc.constantFrom('form', 'form', 'form', 'json', 'text', 'multipart', 'huge');

const PROFILE = ['username', 'phone', 'current_password', 'new_password'];
const CAMPAIGN = ['title', 'description', 'niche', 'start_date', 'end_date', 'budget', 'visibility', 'goals'];
const INFLUENCER_SEARCH = ['q', 'category', 'niche', 'sort', 'page', 'platform', 'min_followers', 'max_followers', 'price_kind', 'max_price', 'language', 'country', 'available'];
/** Every form's fields (the spec's URL and form contract), by route. */
const FORMS: Record<string, string[]> = {
  'POST /login': ['username', 'password', 'next'],
  'POST /signup': ['role', 'username', 'email', 'phone', 'password', 'industry', 'category', 'niche'],
  'POST /logout': [],
  'POST /password/forgot': ['email'],
  'POST /account/delete': ['password'],
  'POST /password/reset/:token': ['new_password'],
  'POST /admin/campaigns/:id/flag': ['reason', 'return_to'],
  'POST /admin/campaigns/:id/unflag': ['return_to'],
  'POST /admin/users/:id/delete': ['return_to'],
  'POST /admin/users/:id/approve': ['return_to'],
  'POST /admin/users/:id/reject': ['reason', 'return_to'],
  'POST /admin/users/:id/suspend': ['reason', 'return_to'],
  'POST /admin/users/:id/restore': ['return_to'],
  'POST /sponsor/profile': [...PROFILE, 'industry'],
  'POST /sponsor/exports': [],
  'POST /influencer/profile': [...PROFILE, 'category', 'niche', 'display_name', 'bio', 'city', 'country', 'languages', 'availability', 'busy_until'],
  'POST /influencer/platforms': ['platform', 'handle', 'followers', 'avg_views', 'engagement_rate'],
  'POST /influencer/platforms/:id': ['platform', 'handle', 'followers', 'avg_views', 'engagement_rate'],
  'POST /influencer/platforms/:id/delete': [],
  'POST /admin/platforms/:id/verify': [],
  'POST /admin/platforms/:id/unverify': [],
  'POST /influencer/rates': ['rate_post', 'rate_short', 'rate_story', 'rate_video', 'rate_live', 'rate_blog'],
  'POST /user/profile': PROFILE,
  'POST /influencers/:id/follow': [],
  'POST /influencers/:id/unfollow': [],
  'POST /campaigns': CAMPAIGN,
  'POST /campaigns/:id': CAMPAIGN,
  'POST /campaigns/:id/delete': [],
  'POST /campaigns/:id/visibility': [],
  'POST /offers': ['campaign_id', 'influencer_id', 'budget', 'terms', 'body'],
  'POST /offers/:id/accept': [],
  'POST /offers/:id/reject': [],
  'POST /offers/:id/paid': ['confirm', 'return_to'],
  'POST /inbox/:userId/messages': ['body', 'campaign_id', 'budget', 'terms'],
  'POST /inbox/:userId/delete': [],
  'POST /collaborations/:offerId/deliverables': ['title', 'due_date'],
  'POST /deliverables/:id/delete': [],
  'POST /deliverables/:id/submit': ['url', 'note'],
  'POST /deliverables/:id/approve': [],
  'POST /deliverables/:id/request-changes': ['reason'],
  'POST /deliverables/:id/results': ['views', 'likes', 'comments', 'clicks'],
  'POST /collaborations/:offerId/dispute': ['reason'],
  'POST /admin/disputes/:id/resolve': ['note'],
  'GET /admin/disputes': ['page'],
  'GET /admin/audit': ['action', 'page'],
  'GET /collaborations': ['state', 'page'],
  'GET /sponsor/influencers': INFLUENCER_SEARCH,
  'GET /user/influencers': INFLUENCER_SEARCH,
  'GET /influencer/campaigns': ['q', 'niche', 'sort', 'page'],
  'GET /admin': ['influencers_page', 'sponsors_page', 'users_page'],
  'GET /admin/campaigns': ['flagged', 'page'],
  'GET /inbox': ['page'],
  'GET /offers/new': ['campaign_id', 'influencer_id'],
  'GET /login': ['next'],
  'GET /signup': ['role'],
  'GET /sponsor': ['page'],
};

type Actor = 'anon' | 'admin' | 'sponsor' | 'influencer' | 'user';
let t: TestApp;
const agents = {} as Record<Exclude<Actor, 'anon'>, Agent>;
const tokens = {} as Record<Exclude<Actor, 'anon'>, string>;
const ids = {} as Record<'sponsor' | 'influencer', number>;

let platforms = 0;
/** Who sends a route's form (its owner), and the URL on objects made for this one run. */
async function target(key: string): Promise<{ actor: Actor; url: string }> {
  const path = key.split(' ')[1]!;
  const actor: Actor = /^\/(login|signup|logout|password\/.*)$/.test(path)
    ? 'anon'
    : path.startsWith('/admin')
      ? 'admin'
      : path.startsWith('/influencer/') || path === '/offers/:id/accept' || path === '/offers/:id/reject' || path === '/deliverables/:id/submit'
        ? 'influencer'
        : path.startsWith('/user') || path.startsWith('/influencers/')
          ? 'user'
          : 'sponsor';
  let url = path;
  if (url.includes(':offerId')) url = url.replace(':offerId', String(await campaign(t, ids.sponsor).then((campaignId) => offer(t, { campaignId, sponsorId: ids.sponsor, influencerId: ids.influencer, status: 'accepted' }))));
  if (url.startsWith('/deliverables/')) {
    // A deliverable due on a collaboration of its own; submitted, for the sponsor's review.
    const collaboration = await campaign(t, ids.sponsor).then((campaignId) => offer(t, { campaignId, sponsorId: ids.sponsor, influencerId: ids.influencer, status: 'accepted' }));
    const { id } = await t.ctx.services.collaborations.addDeliverable(await viewerOf(t, ids.sponsor), collaboration, { title: 'Reel', dueDate: inDays(3) });
    if (!path.endsWith('/submit') && !path.endsWith('/delete')) await t.ctx.services.collaborations.submit(await viewerOf(t, ids.influencer), id, { url: 'https://example.com/p', note: '' });
    url = url.replace(':id', String(id));
  }
  if (url.includes(':id')) {
    const id = path.startsWith('/admin/disputes')
      ? await campaign(t, ids.sponsor).then(async (campaignId) => {
          const collaboration = await offer(t, { campaignId, sponsorId: ids.sponsor, influencerId: ids.influencer, status: 'accepted' });
          await t.ctx.services.collaborations.openDispute(await viewerOf(t, ids.influencer), collaboration, 'Not paid');
          return (await t.ctx.db('disputes').where({ offer_id: collaboration }).first()).id as number;
        })
      : path.startsWith('/admin/users')
      ? await influencer(t)
      : path.startsWith('/influencer/platforms/') || path.startsWith('/admin/platforms/')
      ? await t.ctx.services.creators.addPlatform(await viewerOf(t, ids.influencer), { platform: 'tiktok', handle: `fuzz.${++platforms}`, followers: 10, avgViews: 5, engagementBp: 100 })
      : path.startsWith('/influencers/')
        ? ids.influencer
        : path.startsWith('/offers/')
          ? await offer(t, { campaignId: await campaign(t, ids.sponsor), sponsorId: ids.sponsor, influencerId: ids.influencer, status: path.endsWith('paid') ? 'accepted' : 'pending' })
          : await campaign(t, ids.sponsor);
    url = url.replace(':id', String(id));
  }
  if (url.includes(':token')) {
    // A good link, as the email gives it, to an account of its own.
    const id = await account(t, 'user');
    const { email } = await t.ctx.db('users').where({ id }).first('email');
    await t.ctx.services.passwordResets.request(email, { address: `fuzz-${id}` });
    const reset = await t.ctx.db('password_resets').where({ user_id: id }).first('id');
    url = url.replace(':token', (await t.ctx.services.passwordResets.issueToken(reset.id))!.token);
  }
  url = url.replace(':userId', String(ids.influencer));
  return { actor, url };
}

/** Reading moves these (a visit, messages seen): they are not input. */
const fingerprint = () => databaseState(t, ['last_visit_at', 'seen_at', 'version']);

function formBody(fields: Record<string, string | string[] | undefined>, csrf: string | undefined): string {
  const body = new URLSearchParams();
  for (const [name, v] of Object.entries(fields)) for (const one of v === undefined ? [] : [v].flat()) body.append(name, one);
  if (csrf) body.append('_csrf', csrf);
  return body.toString();
}

before(async () => {
  t = await createTestApp({ LOG_LEVEL: 'silent' });
  const brand = await sponsor(t);
  agents.sponsor = brand.agent;
  ids.sponsor = brand.id;
  for (const actor of ['influencer', 'user', 'admin'] as const) {
    const id = actor === 'influencer' ? await influencer(t) : await account(t, actor);
    const { username } = await t.ctx.db('users').where({ id }).first();
    agents[actor] = browser(t);
    await logIn(agents[actor], username);
    if (actor === 'influencer') ids.influencer = id;
  }
  for (const actor of ['sponsor', 'influencer', 'user', 'admin'] as const) tokens[actor] = await csrfToken(agents[actor]);
});
after(() => t.close());

describe('hostile input to every form', () => {
  it('covers every form the app serves', () => {
    const posts = routesOf(t.app).filter((r) => r.startsWith('POST '));
    assert.deepEqual(posts.filter((r) => !FORMS[r]), [], 'POST routes the fuzzer does not know');
  });

  let cases = 0;
  for (const [key, names] of Object.entries(FORMS)) {
    it(`${key}: never 5xx, nothing stored when refused, payloads escaped`, async () => {
      const method = key.split(' ')[0]!;
      const fieldsOf = fc.record(Object.fromEntries(names.map((n) => [n, field])) as Record<string, typeof field>);
      await fc.assert(
        fc.asyncProperty(fieldsOf, encoding, fc.boolean(), async (fields, how, withToken) => {
          cases += 1;
          const { actor, url } = await target(key);
          // Visitors post with a browser of their own, so that signing up or in changes no one else.
          const agent = actor === 'anon' ? browser(t) : agents[actor];
          const csrf = actor === 'anon' ? (withToken ? await csrfToken(agent) : undefined) : withToken ? tokens[actor] : undefined;
          const before = method === 'POST' ? await fingerprint() : '';
          let res;
          if (method === 'GET') {
            res = await agent.get(`${url}?${formBody(fields, undefined)}`).redirects(0);
          } else {
            const req = agent.post(url).redirects(0);
            if (csrf && how !== 'form') req.set('X-CSRF-Token', csrf);
            if (how === 'form') res = await req.type('form').send(formBody(fields, csrf));
            else if (how === 'json') res = await req.type('json').send(JSON.stringify(fields));
            else if (how === 'text') res = await req.type('text').send(formBody(fields, csrf));
            else if (how === 'huge') res = await req.type('form').send(formBody({ ...fields, pad: 'x'.repeat(70_000) }, csrf));
            else {
              for (const [name, v] of Object.entries(fields)) for (const one of v === undefined ? [] : [v].flat()) req.field(name, one);
              res = await req;
            }
          }
          assert.ok(res.status < 500, `${res.status} for ${method} ${url} (${how}): ${JSON.stringify(fields).slice(0, 300)}`);
          for (const raw of UNESCAPED) assert.equal(res.text.includes(raw), false, `unescaped ${raw} in ${method} ${url}`);
          if (method === 'POST' && how === 'huge') assert.equal(res.status, 413);
          if (method === 'POST' && res.status >= 400) assert.equal(await fingerprint(), before, `${res.status} for ${method} ${url}, but the database changed`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it('shows stored payloads escaped on every page that lists them', async () => {
    assert.ok(cases > 0);
    // Valid forms whose free text is a payload, so that there is something stored to show.
    const post = (actor: Exclude<Actor, 'anon'>, url: string, fields: Record<string, string>) =>
      agents[actor].post(url).type('form').send({ ...fields, _csrf: tokens[actor] }).redirects(0);
    const created = await post('sponsor', '/campaigns', {
      title: SCRIPT,
      description: IMG,
      niche: SCRIPT,
      goals: IMG,
      start_date: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      end_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      budget: '1500.50',
      visibility: 'public',
    });
    assert.equal(created.status, 303);
    const campaignId = String((await t.ctx.db('campaigns').where({ sponsor_id: ids.sponsor, title: SCRIPT }).orderBy('id', 'desc').first()).id);
    const { username: sponsorName } = await t.ctx.db('users').where({ id: ids.sponsor }).first();
    const { username: influencerName } = await t.ctx.db('users').where({ id: ids.influencer }).first();
    for (const [actor, url, fields] of [
      ['sponsor', `/inbox/${ids.influencer}`, { body: SCRIPT }],
      ['influencer', `/inbox/${ids.sponsor}`, { body: IMG, campaign_id: campaignId, budget: '10.00', terms: SCRIPT }],
      ['sponsor', '/sponsor/profile', { username: sponsorName, phone: '+44 7700 900123', industry: SCRIPT }],
      ['influencer', '/influencer/profile', { username: influencerName, phone: '+44 7700 900123', category: 'Travel', niche: IMG, display_name: SCRIPT, bio: IMG, city: SCRIPT, availability: 'open' }],
      ['admin', `/admin/campaigns/${await campaign(t, ids.sponsor)}/flag`, { reason: SCRIPT }],
    ] as const) {
      const res = await post(actor, url.startsWith('/inbox/') ? `${url}/messages` : url, fields);
      assert.equal(res.status, 303, `${url}: ${res.status}`);
    }
    const pages: [Exclude<Actor, 'anon'>, string][] = [
      ['sponsor', '/sponsor'],
      ['sponsor', '/sponsor/influencers?q=onerror'],
      ['sponsor', '/inbox'],
      ['sponsor', `/inbox/${ids.influencer}`],
      ['sponsor', '/sponsor/profile'],
      ['sponsor', `/campaigns/${campaignId}`],
      ['admin', `/campaigns/${campaignId}`],
      ['influencer', `/inbox/${ids.sponsor}`],
      ['influencer', '/influencer/profile'],
      ['sponsor', `/@${influencerName}`],
      ['influencer', '/influencer'],
      ['influencer', '/influencer/campaigns?q=fuzz'],
      ['influencer', '/inbox'],
      ['user', '/user'],
      ['user', '/user/influencers?q=onerror'],
      ['admin', '/admin'],
      ['admin', '/admin/campaigns'],
      ['admin', '/admin/insights'],
    ];
    for (const [actor, path] of pages) {
      const res = await agents[actor].get(path);
      assert.ok(res.status < 500, `${res.status} for ${path}`);
      for (const raw of UNESCAPED) assert.equal(res.text.includes(raw), false, `unescaped ${raw} on ${path}`);
    }
    console.log(`# fuzz: ${cases} cases over ${Object.keys(FORMS).length} forms`);
  });
});
