// Every POST the router answers, followed by the page that shows what it changed: that page is
// looked at first (so this process and a second web process have it cached), then the POST is sent,
// and the page must show the change at once, here and there. A POST route without an entry fails,
// and so does a write that forgets to record its change (the cached page would stay as it was).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import {
  type Agent,
  type Answer,
  browser,
  cookieFrom,
  createTestApp,
  logIn,
  PASSWORD,
  secondProcess,
  signedUp,
  signUp,
  type TestApp,
  uniqueName,
} from '../support/app';
import { account, campaign, campaignFields, inDays, influencer, offer, postForm, viewerOf } from '../support/factories';
import { routesOf } from '../support/routes';

type Response = { status: number; text: string };

/** One POST and the page that shows it: whose page (a session; none when signed out), which, and what it shows after. */
interface Shown {
  viewer: () => string | undefined;
  page: string;
  shows: (page: Answer) => boolean;
  post: () => Promise<Response>;
}
type Entry = (() => Promise<Shown>) | { only: string };

interface Person {
  agent: Agent;
  id: number;
  username: string;
  token: string;
}

let t: TestApp;
let other: Awaited<ReturnType<typeof secondProcess>>;
let admin: Person;
let sponsor: Person;
let creator: Person;
let fan: Person;

async function signedIn(role: 'sponsor' | 'influencer' | 'user'): Promise<Person> {
  const person = await signedUp(t, role);
  if (role === 'sponsor') await t.ctx.services.moderation.approve(person.id);
  return person;
}

const has = (text: string) => (page: Answer) => page.status === 200 && page.text.includes(text);
const lacks = (text: string) => (page: Answer) => page.status === 200 && !page.text.includes(text);
/** An influencer's card in a search (the search box repeats what was typed, so the name alone is not enough). */
const card = (username: string) => `>${username}</a> <span class="badge`;
/** A campaign's title in a list of results. */
const listed = (title: string) => `>${title}</a>`;
const toLogin = (page: Answer) => page.status >= 300 && page.status < 400 && (page.location ?? '').startsWith('/login');
/** The status badge of `username`'s row on the admin's page. */
const status = (username: string, expected: string) => (page: Answer) =>
  new RegExp(`<td class="lead">${username}</td>[\\s\\S]*?badge-status-(\\w+)`).exec(page.text)?.[1] === expected;
const search = (q: string) => `/influencer/campaigns?q=${encodeURIComponent(q)}`;
const influencerSearch = (q: string) => `/sponsor/influencers?q=${encodeURIComponent(q)}`;

async function titled(sponsorId = sponsor.id, overrides: Parameters<typeof campaign>[2] = {}): Promise<{ id: number; title: string }> {
  const title = uniqueName('Launch ');
  return { id: await campaign(t, sponsorId, { title, startDate: inDays(0), ...overrides }), title };
}
/** An accepted collaboration between `sponsor` and `creator`, with its campaign's title. */
async function collaboration(): Promise<{ id: number; title: string }> {
  const c = await titled();
  return { id: await offer(t, { campaignId: c.id, sponsorId: sponsor.id, influencerId: creator.id, status: 'accepted' }), title: c.title };
}
async function deliverable(state: 'due' | 'submitted' = 'due'): Promise<{ id: number; offer: number; title: string }> {
  const collab = await collaboration();
  const title = uniqueName('Reel ');
  const { id } = await t.ctx.services.collaborations.addDeliverable(await viewerOf(t, sponsor.id), collab.id, { title, dueDate: inDays(7) });
  if (state === 'submitted') await t.ctx.services.collaborations.submit(await viewerOf(t, creator.id), id, { url: 'https://example.com/first', note: '' });
  return { id, offer: collab.id, title };
}
const collaborationPage = (offerId: number) => `/collaborations/${offerId}`;

const ENTRIES: Record<string, Entry> = {
  'POST /login': async () => {
    const person = await signedUp(t, 'user');
    const agent = browser(t);
    let session: string | undefined;
    return {
      viewer: () => session,
      page: '/user',
      shows: (page) => page.status === 200,
      post: async () => {
        const res = await logIn(agent, person.username);
        session = cookieFrom(res, 'session');
        return res;
      },
    };
  },
  'POST /signup': async () => {
    const username = uniqueName('newcomer');
    return { viewer: () => sponsor.token, page: influencerSearch(username), shows: has(card(username)), post: async () => (await signUp(browser(t), 'influencer', { username })).res };
  },
  'POST /logout': async () => {
    const person = await signedUp(t, 'user');
    return { viewer: () => person.token, page: '/user', shows: toLogin, post: () => postForm(person.agent, '/logout') };
  },
  'POST /password/forgot': { only: 'sends an email (tests/routes/password-reset.test.ts reads it); no page shows that it was asked for' },
  'POST /password/reset/:token': async () => {
    const person = await signedUp(t, 'user');
    const { email } = await t.ctx.db('users').where({ id: person.id }).first('email');
    await t.ctx.services.passwordResets.request(email, { address: `writes-${person.id}` });
    const reset = await t.ctx.db('password_resets').where({ user_id: person.id }).first('id');
    const mail = await t.ctx.services.passwordResets.issueToken(reset.id);
    // The new password ends every session: the old one is sent to log in.
    return { viewer: () => person.token, page: '/user', shows: toLogin, post: () => postForm(browser(t), `/password/reset/${mail!.token}`, { new_password: 'lantern oyster maple drift' }) };
  },
  'POST /account/delete': async () => {
    const person = await signedIn('influencer');
    return { viewer: () => sponsor.token, page: influencerSearch(person.username), shows: lacks(card(person.username)), post: () => postForm(person.agent, '/account/delete', { password: PASSWORD }) };
  },

  'POST /admin/campaigns/:id/flag': async () => {
    const c = await titled();
    return { viewer: () => creator.token, page: search(c.title), shows: lacks(listed(c.title)), post: () => postForm(admin.agent, `/admin/campaigns/${c.id}/flag`, { reason: 'Misleading' }) };
  },
  'POST /admin/campaigns/:id/unflag': async () => {
    const c = await titled(sponsor.id, { flagged: true });
    return { viewer: () => creator.token, page: search(c.title), shows: has(listed(c.title)), post: () => postForm(admin.agent, `/admin/campaigns/${c.id}/unflag`) };
  },
  'POST /admin/users/:id/delete': async () => {
    const username = uniqueName('gone');
    const id = await influencer(t, { username });
    return { viewer: () => sponsor.token, page: influencerSearch(username), shows: lacks(card(username)), post: () => postForm(admin.agent, `/admin/users/${id}/delete`) };
  },
  'POST /admin/users/:id/approve': async () => {
    const brand = await signedUp(t, 'sponsor');
    return { viewer: () => admin.token, page: '/admin', shows: status(brand.username, 'active'), post: () => postForm(admin.agent, `/admin/users/${brand.id}/approve`) };
  },
  'POST /admin/users/:id/reject': async () => {
    const brand = await signedUp(t, 'sponsor');
    return { viewer: () => admin.token, page: '/admin', shows: status(brand.username, 'rejected'), post: () => postForm(admin.agent, `/admin/users/${brand.id}/reject`) };
  },
  'POST /admin/users/:id/suspend': async () => {
    const username = uniqueName('paused');
    const id = await influencer(t, { username });
    return { viewer: () => sponsor.token, page: influencerSearch(username), shows: lacks(card(username)), post: () => postForm(admin.agent, `/admin/users/${id}/suspend`, { reason: 'Spam' }) };
  },
  'POST /admin/users/:id/restore': async () => {
    const username = uniqueName('back');
    const id = await influencer(t, { username });
    await t.ctx.services.moderation.suspend(id, 'Spam');
    return { viewer: () => sponsor.token, page: influencerSearch(username), shows: has(card(username)), post: () => postForm(admin.agent, `/admin/users/${id}/restore`) };
  },

  'POST /sponsor/profile': async () => {
    const industry = uniqueName('Industry ');
    const fields = { username: sponsor.username, phone: '+44 7700 900123', industry };
    return { viewer: () => sponsor.token, page: '/sponsor/profile', shows: has(industry), post: () => postForm(sponsor.agent, '/sponsor/profile', fields) };
  },
  'POST /sponsor/exports': async () => ({
    viewer: () => sponsor.token,
    page: '/sponsor/exports',
    shows: lacks('No exports yet.'),
    post: () => postForm(sponsor.agent, '/sponsor/exports'),
  }),
  'POST /influencer/profile': async () => {
    const person = await signedIn('influencer');
    const niche = uniqueName('niche');
    const fields = { username: person.username, phone: '+44 7700 900123', category: 'Travel', niche };
    return { viewer: () => sponsor.token, page: influencerSearch(niche), shows: has(card(person.username)), post: () => postForm(person.agent, '/influencer/profile', fields) };
  },
  'POST /influencer/platforms': async () => {
    const handle = uniqueName('shown.').replace(/[^a-z0-9.]/g, '');
    const fields = { platform: 'instagram', handle, followers: '1500', avg_views: '400', engagement_rate: '2.5' };
    return { viewer: () => sponsor.token, page: `/@${creator.username}`, shows: has(`>${handle}</a>`), post: () => postForm(creator.agent, '/influencer/platforms', fields) };
  },
  'POST /influencer/platforms/:id': async () => {
    const handle = uniqueName('figures.').replace(/[^a-z0-9.]/g, '');
    const id = await t.ctx.services.creators.addPlatform(await viewerOf(t, creator.id), { platform: 'tiktok', handle, followers: 10, avgViews: 5, engagementBp: 100 });
    const fields = { platform: 'tiktok', handle, followers: '987654', avg_views: '5', engagement_rate: '1' };
    return { viewer: () => sponsor.token, page: `/@${creator.username}`, shows: has('987,654 followers'), post: () => postForm(creator.agent, `/influencer/platforms/${id}`, fields) };
  },
  'POST /influencer/platforms/:id/delete': async () => {
    const handle = uniqueName('gone.').replace(/[^a-z0-9.]/g, '');
    const id = await t.ctx.services.creators.addPlatform(await viewerOf(t, creator.id), { platform: 'x', handle: handle.replace(/\./g, '_').slice(0, 15), followers: 10, avgViews: 5, engagementBp: 100 });
    return { viewer: () => sponsor.token, page: `/@${creator.username}`, shows: lacks(`>${handle.replace(/\./g, '_').slice(0, 15)}</a>`), post: () => postForm(creator.agent, `/influencer/platforms/${id}/delete`) };
  },
  'POST /admin/platforms/:id/verify': async () => {
    const id = await t.ctx.services.creators.addPlatform(await viewerOf(t, creator.id), { platform: 'twitch', handle: uniqueName('ver').slice(0, 20), followers: 10, avgViews: 5, engagementBp: 100 });
    return { viewer: () => sponsor.token, page: `/@${creator.username}`, shows: has('class="badge badge-verified"'), post: () => postForm(admin.agent, `/admin/platforms/${id}/verify`) };
  },
  'POST /admin/platforms/:id/unverify': async () => {
    const person = await signedIn('influencer');
    const id = await t.ctx.services.creators.addPlatform(await viewerOf(t, person.id), { platform: 'twitch', handle: uniqueName('unv').slice(0, 20), followers: 10, avgViews: 5, engagementBp: 100 });
    await t.ctx.services.creators.setVerified(await viewerOf(t, admin.id), id, true);
    return { viewer: () => sponsor.token, page: `/@${person.username}`, shows: lacks('class="badge badge-verified"'), post: () => postForm(admin.agent, `/admin/platforms/${id}/unverify`) };
  },
  'POST /influencer/rates': async () => {
    const person = await signedIn('influencer');
    return { viewer: () => sponsor.token, page: influencerSearch(person.username), shows: has('from $123.45'), post: () => postForm(person.agent, '/influencer/rates', { rate_story: '123.45' }) };
  },
  'POST /user/profile': async () => {
    const person = await signedIn('user');
    const username = uniqueName('renamed');
    return { viewer: () => admin.token, page: '/admin', shows: has(username), post: () => postForm(person.agent, '/user/profile', { username, phone: '+44 7700 900123' }) };
  },
  'POST /influencers/:id/follow': async () => {
    const username = uniqueName('liked');
    const id = await influencer(t, { username });
    return { viewer: () => fan.token, page: '/user', shows: has(username), post: () => postForm(fan.agent, `/influencers/${id}/follow`) };
  },
  'POST /influencers/:id/unfollow': async () => {
    const username = uniqueName('unliked');
    const id = await influencer(t, { username });
    await t.ctx.services.follows.follow(fan.id, id);
    return { viewer: () => fan.token, page: '/user', shows: lacks(username), post: () => postForm(fan.agent, `/influencers/${id}/unfollow`) };
  },

  'POST /campaigns': async () => {
    const title = uniqueName('Fresh ');
    const fields = campaignFields({ title, start_date: inDays(0) });
    return { viewer: () => creator.token, page: search(title), shows: has(listed(title)), post: () => postForm(sponsor.agent, '/campaigns', fields) };
  },
  'POST /campaigns/:id': async () => {
    const c = await titled();
    const title = uniqueName('Renamed ');
    const fields = campaignFields({ title, start_date: inDays(0) });
    return { viewer: () => creator.token, page: search(title), shows: has(listed(title)), post: () => postForm(sponsor.agent, `/campaigns/${c.id}`, fields) };
  },
  'POST /campaigns/:id/delete': async () => {
    const c = await titled();
    return { viewer: () => creator.token, page: search(c.title), shows: lacks(listed(c.title)), post: () => postForm(sponsor.agent, `/campaigns/${c.id}/delete`) };
  },
  'POST /campaigns/:id/visibility': async () => {
    const c = await titled();
    return { viewer: () => creator.token, page: search(c.title), shows: lacks(listed(c.title)), post: () => postForm(sponsor.agent, `/campaigns/${c.id}/visibility`) };
  },

  'POST /offers': async () => {
    const brand = await signedIn('sponsor');
    const c = await titled(brand.id);
    const fields = { campaign_id: String(c.id), influencer_id: String(creator.id), budget: '250.00', terms: 'One post', body: 'Hello' };
    return { viewer: () => creator.token, page: '/inbox', shows: has(brand.username), post: () => postForm(brand.agent, '/offers', fields) };
  },
  'POST /offers/:id/accept': async () => {
    const brand = await signedIn('sponsor');
    const c = await titled(brand.id);
    const id = await offer(t, { campaignId: c.id, sponsorId: brand.id, influencerId: creator.id, status: 'pending' });
    return { viewer: () => brand.token, page: '/collaborations', shows: has(c.title), post: () => postForm(creator.agent, `/offers/${id}/accept`) };
  },
  'POST /offers/:id/reject': async () => {
    const brand = await signedIn('sponsor');
    const c = await titled(brand.id);
    const id = await offer(t, { campaignId: c.id, sponsorId: brand.id, influencerId: creator.id, status: 'pending' });
    return { viewer: () => brand.token, page: `/inbox/${creator.id}`, shows: has('Declined'), post: () => postForm(creator.agent, `/offers/${id}/reject`) };
  },
  'POST /offers/:id/paid': async () => {
    const person = await signedIn('influencer');
    const c = await titled();
    const id = await offer(t, { campaignId: c.id, sponsorId: sponsor.id, influencerId: person.id, budgetCents: 43_210, status: 'accepted' });
    return { viewer: () => person.token, page: '/influencer', shows: has('<dt>Paid</dt><dd>$432.10</dd>'), post: () => postForm(sponsor.agent, `/offers/${id}/paid`, { confirm: 'yes' }) };
  },

  'POST /inbox/:userId/messages': async () => {
    const body = uniqueName('Hello there ');
    return { viewer: () => creator.token, page: `/inbox/${sponsor.id}`, shows: has(body), post: () => postForm(sponsor.agent, `/inbox/${creator.id}/messages`, { body }) };
  },
  'POST /inbox/:userId/delete': async () => {
    const brand = await signedIn('sponsor');
    const sent = await postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Hello' });
    assert.ok(sent.status < 400, `the first message was sent (${sent.status})`);
    return { viewer: () => creator.token, page: '/inbox', shows: lacks(brand.username), post: () => postForm(creator.agent, `/inbox/${brand.id}/delete`) };
  },

  'POST /collaborations/:offerId/deliverables': async () => {
    const collab = await collaboration();
    const title = uniqueName('Story ');
    return { viewer: () => creator.token, page: collaborationPage(collab.id), shows: has(title), post: () => postForm(sponsor.agent, `/collaborations/${collab.id}/deliverables`, { title, due_date: inDays(7) }) };
  },
  'POST /deliverables/:id/delete': async () => {
    const d = await deliverable();
    return { viewer: () => creator.token, page: collaborationPage(d.offer), shows: lacks(`id="deliverable-${d.id}"`), post: () => postForm(sponsor.agent, `/deliverables/${d.id}/delete`) };
  },
  'POST /deliverables/:id/submit': async () => {
    const d = await deliverable();
    const url = `https://example.com/${uniqueName('post')}`;
    return { viewer: () => sponsor.token, page: collaborationPage(d.offer), shows: has(url), post: () => postForm(creator.agent, `/deliverables/${d.id}/submit`, { url }) };
  },
  'POST /deliverables/:id/approve': async () => {
    const d = await deliverable('submitted');
    return { viewer: () => creator.token, page: collaborationPage(d.offer), shows: has(`Approved “${d.title}”`), post: () => postForm(sponsor.agent, `/deliverables/${d.id}/approve`) };
  },
  'POST /deliverables/:id/request-changes': async () => {
    const d = await deliverable('submitted');
    const reason = uniqueName('Tag the brand ');
    return { viewer: () => creator.token, page: collaborationPage(d.offer), shows: has(reason), post: () => postForm(sponsor.agent, `/deliverables/${d.id}/request-changes`, { reason }) };
  },
  'POST /deliverables/:id/results': async () => {
    const d = await deliverable('submitted');
    await t.ctx.services.collaborations.approve(await viewerOf(t, sponsor.id), d.id);
    return {
      viewer: () => sponsor.token,
      page: collaborationPage(d.offer),
      shows: has('4,321'),
      post: () => postForm(creator.agent, `/deliverables/${d.id}/results`, { views: '4321', likes: '10', comments: '1', clicks: '2' }),
    };
  },
  'POST /collaborations/:offerId/dispute': async () => {
    const collab = await collaboration();
    const reason = uniqueName('The post never went up ');
    return { viewer: () => sponsor.token, page: collaborationPage(collab.id), shows: has(reason), post: () => postForm(creator.agent, `/collaborations/${collab.id}/dispute`, { reason }) };
  },
  'POST /admin/disputes/:id/resolve': async () => {
    const collab = await collaboration();
    await t.ctx.services.collaborations.openDispute(await viewerOf(t, creator.id), collab.id, 'Not paid');
    const { id } = await t.ctx.db('disputes').where({ offer_id: collab.id }).first('id');
    const note = uniqueName('Both sides agreed ');
    return { viewer: () => creator.token, page: collaborationPage(collab.id), shows: has(note), post: () => postForm(admin.agent, `/admin/disputes/${id}/resolve`, { note }) };
  },
};

/** The page as this process and the second one answer it. */
async function look(shown: Shown): Promise<[Answer, Answer]> {
  const session = shown.viewer();
  const here = request(t.app).get(shown.page);
  if (session) here.set('Cookie', `session=${session}`);
  const res = await here;
  return [{ status: res.status, location: res.headers.location as string | undefined, text: res.text }, await other.get(shown.page, session)];
}

const glimpse = (page: Answer) => `${page.status}${page.location ? ` → ${page.location}` : ''}`;

before(async () => {
  t = await createTestApp();
  other = await secondProcess(t);
  const adminId = await account(t, 'admin');
  const adminAgent = browser(t);
  const { username } = await t.ctx.db('users').where({ id: adminId }).first('username');
  const res = await logIn(adminAgent, username);
  admin = { agent: adminAgent, id: adminId, username, token: cookieFrom(res, 'session')! };
  sponsor = await signedIn('sponsor');
  creator = await signedIn('influencer');
  fan = await signedIn('user');
});
after(async () => {
  await other?.close();
  await t?.close();
});

describe('every POST, then the page that shows it', () => {
  it('has an entry for each POST route of the router', () => {
    const posts = routesOf(t.app).filter((route) => route.startsWith('POST '));
    assert.deepEqual(
      posts.filter((route) => !(route in ENTRIES)),
      [],
      'a new POST route needs an entry here: the page that shows its change',
    );
    assert.deepEqual(
      Object.keys(ENTRIES).filter((route) => !posts.includes(route)),
      [],
    );
  });

  for (const [route, entry] of Object.entries(ENTRIES)) {
    if ('only' in entry) continue;
    it(`${route}: the change shows at once, in this process and another`, async () => {
      const shown = await entry();
      const [here, there] = await look(shown);
      assert.ok(!shown.shows(here) && !shown.shows(there), `before the POST, ${shown.page} already shows it (${glimpse(here)}, ${glimpse(there)})`);
      const res = await shown.post();
      assert.ok(res.status < 400, `${route} answered ${res.status}: ${res.text.slice(0, 300)}`);
      const [hereAfter, thereAfter] = await look(shown);
      assert.ok(shown.shows(hereAfter), `after the POST, ${shown.page} in this process does not show it (${glimpse(hereAfter)})`);
      assert.ok(shown.shows(thereAfter), `after the POST, ${shown.page} in the second process does not show it (${glimpse(thereAfter)})`);
    });
  }
});
