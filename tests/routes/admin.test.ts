import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { type Agent, browser, cookieFrom, createTestApp, logIn, signUp, type TestApp } from '../support/app';
import { account, campaign, count, influencer, offer, postForm, sponsor } from '../support/factories';

let t: TestApp;
let admin: Agent;
let adminId: number;
before(async () => {
  t = await createTestApp();
  adminId = await account(t, 'admin', 'chief');
  admin = browser(t);
  await logIn(admin, 'chief');
});
after(() => t.close());

const user = (id: number) => t.ctx.db('users').where({ id }).first();

describe('admin routes are the admin’s only', () => {
  const routes: [string, string][] = [
    ['get', '/admin'],
    ['get', '/admin/campaigns'],
    ['get', '/admin/insights'],
    ['post', '/admin/campaigns/1/flag'],
    ['post', '/admin/campaigns/1/unflag'],
    ['post', '/admin/users/1/delete'],
    ['post', '/admin/users/1/approve'],
    ['post', '/admin/users/1/reject'],
    ['post', '/admin/users/1/suspend'],
    ['post', '/admin/users/1/restore'],
  ];
  it('answers 403 to every other role and sends visitors to log in', async () => {
    const brand = await sponsor(t);
    for (const [method, path] of routes) {
      const res = method === 'get' ? await brand.agent.get(path) : await postForm(brand.agent, path, { reason: 'x' });
      assert.equal(res.status, 403, path);
      if (method === 'get') assert.equal((await browser(t).get(path)).status, 303, path);
    }
    assert.equal((await user(adminId)).status, 'active');
  });
});

describe('GET /admin', () => {
  it('shows the admin’s details, recent campaigns, sponsors awaiting approval and every kind of account', async () => {
    const pending = await sponsor(t, { approved: false });
    const brand = await sponsor(t);
    for (let i = 1; i <= 7; i += 1) await campaign(t, brand.id, { title: `Recent ${i}` });
    await t.ctx.db('campaigns').where('title', 'like', 'Recent %').update({ created_at: t.ctx.db.raw("cast(substr(title, 8) as integer) + 10000000000000") });
    const page = await admin.get('/admin').expect(200);
    assert.match(page.text, /<dd>chief<\/dd>/);
    assert.match(page.text, new RegExp(`Sponsors awaiting approval[\\s\\S]*${pending.username}[\\s\\S]*action="/admin/users/${pending.id}/approve"`));
    for (let i = 2; i <= 7; i += 1) assert.match(page.text, new RegExp(`Recent ${i}<`));
    assert.doesNotMatch(page.text, /Recent 1</, 'only the six most recent');
    assert.match(page.text, /<h2 id="influencers-heading"/);
    assert.match(page.text, /<h2 id="sponsors-heading"/);
    assert.match(page.text, /<h2 id="users-heading"/);
  });

  it('pages each list on its own', async () => {
    const paged = await createTestApp();
    try {
      await account(paged, 'admin', 'pager');
      const agent = browser(paged);
      await logIn(agent, 'pager');
      for (let i = 0; i < 12; i += 1) await influencer(paged, { username: `inf_${String(i).padStart(2, '0')}` });
      const first = await agent.get('/admin');
      assert.match(first.text, /href="\/admin\?influencers_page=2"/);
      const second = await agent.get('/admin?influencers_page=2&users_page=1');
      assert.match(second.text, /inf_00/);
      assert.doesNotMatch(second.text, /inf_11/);
    } finally {
      await paged.close();
    }
  });
});

describe('approve and reject a sponsor', () => {
  it('approval lets the sponsor publish and send offers', async () => {
    const pending = await sponsor(t, { approved: false });
    const refused = await postForm(pending.agent, '/campaigns', { title: 'Launch', start_date: '2030-01-01', end_date: '2030-02-01', budget: '100', visibility: 'public' });
    assert.equal(refused.status, 422);
    const res = await postForm(admin, `/admin/users/${pending.id}/approve`);
    assert.equal(res.status, 303);
    assert.equal((await user(pending.id)).status, 'active');
    const published = await postForm(pending.agent, '/campaigns', { title: 'Launch', start_date: '2030-01-01', end_date: '2030-02-01', budget: '100', visibility: 'public' });
    assert.equal(published.status, 303);
    assert.equal((await postForm(admin, `/admin/users/${pending.id}/approve`)).status, 409, 'approving twice');
  });

  it('rejection keeps the sponsor out of publishing and tells it why', async () => {
    const pending = await sponsor(t, { approved: false });
    await postForm(admin, `/admin/users/${pending.id}/reject`, { reason: 'Not a real company' });
    assert.equal((await user(pending.id)).status, 'rejected');
    assert.match((await pending.agent.get('/sponsor')).text, /did not approve this sponsor account: Not a real company/);
    assert.equal((await postForm(admin, `/admin/users/${(await sponsor(t)).id}/reject`)).status, 409, 'an approved sponsor');
    assert.equal((await postForm(admin, '/admin/users/99999999/approve')).status, 404);
  });
});

describe('suspend and restore', () => {
  it('a suspended influencer is logged out, cannot log in, and leaves every search', async () => {
    const id = await influencer(t, { username: 'soon_gone', niche: 'unique-niche-xyz' });
    const agent = browser(t);
    const login = await logIn(agent, 'soon_gone');
    const token = cookieFrom(login, 'session')!;
    const brand = await sponsor(t);
    assert.match((await brand.agent.get('/sponsor/influencers?niche=unique-niche-xyz')).text, /soon_gone/);

    const res = await postForm(admin, `/admin/users/${id}/suspend`, { reason: 'Bought followers' });
    assert.equal(res.status, 303);
    assert.deepEqual([(await user(id)).status, (await user(id)).status_reason], ['suspended', 'Bought followers']);
    assert.equal((await request(t.app).get('/influencer').set('Cookie', `session=${token}`)).status, 303);
    const again = await logIn(browser(t), 'soon_gone');
    assert.equal(again.status, 403);
    assert.match(again.text, /suspended\. Reason: Bought followers/);
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=unique-niche-xyz')).text, /soon_gone/);

    await postForm(admin, `/admin/users/${id}/restore`);
    assert.equal((await user(id)).status, 'active');
    assert.equal((await logIn(browser(t), 'soon_gone')).status, 303);
  });

  it('a suspended sponsor’s campaigns leave the influencers’ search', async () => {
    const brand = await sponsor(t);
    await campaign(t, brand.id, { title: 'Vanishing campaign' });
    const creator = browser(t);
    await logIn(creator, (await user(await influencer(t))).username);
    assert.match((await creator.get('/influencer/campaigns?q=Vanishing')).text, /Vanishing campaign/);
    const campaignId = (await t.ctx.db('campaigns').where({ title: 'Vanishing campaign' }).first()).id;
    assert.equal((await creator.get(`/campaigns/${campaignId}`)).status, 200);
    await postForm(admin, `/admin/users/${brand.id}/suspend`, { reason: 'Scam' });
    assert.doesNotMatch((await creator.get('/influencer/campaigns?q=Vanishing')).text, /Vanishing campaign/);
    assert.equal((await creator.get(`/campaigns/${campaignId}`)).status, 404, 'nor by its address');
  });

  it('is refused (409) for a sponsor awaiting approval or turned down, as the list offers no button for it', async () => {
    const pending = await sponsor(t, { approved: false });
    const res = await postForm(admin, `/admin/users/${pending.id}/suspend`, { reason: 'Spam' });
    assert.equal(res.status, 409);
    assert.match(res.text, /awaits approval: approve the account or turn it down instead/);
    assert.equal((await user(pending.id)).status, 'pending');
    await postForm(admin, `/admin/users/${pending.id}/reject`, { reason: 'Not a real company' });
    assert.equal((await postForm(admin, `/admin/users/${pending.id}/suspend`, { reason: 'Spam' })).status, 409);
    assert.equal((await user(pending.id)).status, 'rejected');
  });

  it('needs a reason, and is for influencers and sponsors only', async () => {
    const id = await influencer(t);
    const res = await postForm(admin, `/admin/users/${id}/suspend`, { reason: '  ' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Say why the account is suspended/);
    assert.equal((await user(id)).status, 'active');
    assert.equal((await postForm(admin, `/admin/users/${await account(t, 'user')}/suspend`, { reason: 'x' })).status, 409);
    assert.equal((await postForm(admin, `/admin/users/${adminId}/suspend`, { reason: 'x' })).status, 403);
    assert.equal((await postForm(admin, `/admin/users/${id}/restore`)).status, 409, 'not suspended');
  });
});

describe('POST /admin/users/:id/delete', () => {
  it('asks to confirm, then removes the account and what belongs to it in one go', async () => {
    const brand = await sponsor(t);
    const creatorId = await influencer(t);
    const campaignId = await campaign(t, brand.id);
    await offer(t, { campaignId, sponsorId: brand.id, influencerId: creatorId });
    const confirm = await admin.get(`/admin/users/${brand.id}/delete`).expect(200);
    assert.match(confirm.text, /its campaigns with their offers/);
    const res = await postForm(admin, `/admin/users/${brand.id}/delete`);
    assert.equal(res.status, 303);
    assert.equal(await user(brand.id), undefined);
    assert.equal(await count(t, 'campaigns', { sponsor_id: brand.id }), 0);
    assert.equal(await count(t, 'offers', { sponsor_id: brand.id }), 0);
    assert.ok(await user(creatorId), 'the influencer stays');
  });

  it('a deleted user no longer counts as a follower', async () => {
    const star = await influencer(t);
    const fan = browser(t);
    const { username } = await signUp(fan, 'user');
    await postForm(fan, `/influencers/${star}/follow`);
    const fanId = (await t.ctx.db('users').where({ username }).first()).id;
    assert.equal(Number((await t.ctx.db('influencer_profiles').where({ user_id: star }).first()).follower_count), 1);
    await postForm(admin, `/admin/users/${fanId}/delete`);
    assert.equal(Number((await t.ctx.db('influencer_profiles').where({ user_id: star }).first()).follower_count), 0);
    assert.equal(await count(t, 'follows', { user_id: fanId }), 0);
    // Its sessions end with it.
    assert.equal((await fan.get('/user')).status, 303);
  });

  it('never deletes an admin, and answers 404 for ids that do not exist', async () => {
    const otherAdmin = await account(t, 'admin');
    assert.equal((await postForm(admin, `/admin/users/${otherAdmin}/delete`)).status, 403);
    assert.equal((await postForm(admin, `/admin/users/${adminId}/delete`)).status, 403);
    assert.ok(await user(otherAdmin));
    assert.equal((await postForm(admin, '/admin/users/99999999/delete')).status, 404);
  });
});

describe('flag and unflag a campaign', () => {
  it('a flag needs a reason; the campaign then leaves influencer search and its sponsor sees why', async () => {
    const brand = await sponsor(t);
    const id = await campaign(t, brand.id, { title: 'Dubious detox tea' });
    const creator = browser(t);
    await logIn(creator, (await user(await influencer(t))).username);
    assert.match((await creator.get('/influencer/campaigns?q=detox')).text, /Dubious detox tea/);

    const empty = await postForm(admin, `/admin/campaigns/${id}/flag`, { reason: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Say why the campaign is flagged/);
    assert.equal(Boolean((await t.ctx.db('campaigns').where({ id }).first()).flagged), false);

    const res = await postForm(admin, `/admin/campaigns/${id}/flag`, { reason: 'Health claims', return_to: '/admin/campaigns' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/campaigns');
    const row = await t.ctx.db('campaigns').where({ id }).first();
    assert.deepEqual([Boolean(row.flagged), row.flag_reason], [true, 'Health claims']);
    assert.doesNotMatch((await creator.get('/influencer/campaigns?q=detox')).text, /Dubious detox tea/);
    assert.match((await brand.agent.get('/sponsor')).text, /Reason: <bdi>Health claims<\/bdi>/);

    await postForm(admin, `/admin/campaigns/${id}/unflag`);
    assert.equal(Boolean((await t.ctx.db('campaigns').where({ id }).first()).flagged), false);
    assert.match((await creator.get('/influencer/campaigns?q=detox')).text, /Dubious detox tea/);
  });

  it('answers htmx with the toggle in its new state, or with the reason asked for', async () => {
    const id = await campaign(t, (await sponsor(t)).id);
    const missing = await postForm(admin, `/admin/campaigns/${id}/flag`, { reason: '' }, { 'HX-Request': 'true' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /^<form[^>]*class="flag-toggle"[\s\S]*aria-invalid="true"/);
    const flagged = await postForm(admin, `/admin/campaigns/${id}/flag`, { reason: 'Spam' }, { 'HX-Request': 'true' });
    assert.equal(flagged.status, 200);
    assert.match(flagged.text, new RegExp(`action="/admin/campaigns/${id}/unflag"[\\s\\S]*Spam`));
    const unflagged = await postForm(admin, `/admin/campaigns/${id}/unflag`, {}, { 'HX-Request': 'true' });
    assert.match(unflagged.text, new RegExp(`action="/admin/campaigns/${id}/flag"`));
    assert.equal((await postForm(admin, '/admin/campaigns/99999999/flag', { reason: 'x' })).status, 404);
  });

  it('the campaigns page lists every campaign, filtered by flag', async () => {
    const brand = await sponsor(t);
    await campaign(t, brand.id, { title: 'Filter me flagged', flagged: true });
    await campaign(t, brand.id, { title: 'Filter me clean' });
    const flagged = await admin.get('/admin/campaigns?flagged=yes').expect(200);
    assert.match(flagged.text, /Filter me flagged/);
    assert.doesNotMatch(flagged.text, /Filter me clean/);
    const clean = await admin.get('/admin/campaigns?flagged=no');
    assert.match(clean.text, /Filter me clean/);
    assert.doesNotMatch(clean.text, /Filter me flagged/);
  });
});

describe('GET /admin/insights', () => {
  it('counts a known data set exactly, with every number in an accessible table', async () => {
    const known = await createTestApp();
    try {
      await account(known, 'admin', 'counter');
      const agent = browser(known);
      await logIn(agent, 'counter');
      const s1 = await sponsor(known);
      const s2 = await sponsor(known);
      const i1 = await influencer(known, { username: 'most_followed', followers: 50 });
      const i2 = await influencer(known, { username: 'less_followed', followers: 7 });
      await account(known, 'user');
      const c1 = await campaign(known, s1.id);
      const c2 = await campaign(known, s1.id, { visibility: 'private' });
      await campaign(known, s2.id, { flagged: true });
      const collaboration = await offer(known, { campaignId: c1, sponsorId: s1.id, influencerId: i1, status: 'accepted' });
      const deliverable = { offer_id: collaboration, due_date: '2031-01-01', created_at: Date.now(), updated_at: Date.now() };
      await known.ctx.db('deliverables').insert([
        { ...deliverable, title: 'Reel', state: 'approved', views: 100, likes: 5, comments: 1, clicks: 2 },
        { ...deliverable, title: 'Story', state: 'due' },
      ]);
      await offer(known, { campaignId: c1, sponsorId: s1.id, influencerId: i2, status: 'pending' });
      await offer(known, { campaignId: c2, sponsorId: s1.id, influencerId: i2, status: 'rejected' });
      await offer(known, { campaignId: c2, sponsorId: s1.id, influencerId: i1, status: 'rejected' });

      const page = await agent.get('/admin/insights').expect(200);
      const cell = (label: string) => new RegExp(`<th scope="row">${label}</th><td>(\\d+)</td>`).exec(page.text)?.[1];
      assert.deepEqual(
        ['Flagged', 'Not flagged', 'Public', 'Private', 'Admins', 'Sponsors', 'Influencers', 'Users', 'Pending', 'Accepted', 'Declined', 'most_followed', 'less_followed', 'Due', 'Approved', 'Views', 'Clicks'].map(cell),
        ['1', '2', '2', '1', '1', '2', '2', '1', '1', '1', '2', '50', '7', '1', '1', '100', '2'],
      );
      assert.match(page.text, /<script src="\/static\/js\/chart\.umd\.min\.[0-9a-f]{10}\.js" defer><\/script>/);
      assert.doesNotMatch((await agent.get('/admin')).text, /chart\.umd/, 'chart.js only on this page');
    } finally {
      await known.close();
    }
  });
});


describe('the admin’s sponsor list', () => {
  it('offers Approve (and Reject while pending) to sponsors being vetted, and Suspend only to active accounts', async () => {
    const pending = await sponsor(t, { approved: false });
    const rejected = await sponsor(t, { approved: false });
    await t.ctx.db('users').where({ id: rejected.id }).update({ status: 'rejected', status_reason: 'Unknown brand' });
    const active = await sponsor(t);
    const page = (await admin.get('/admin?sponsors_page=1').expect(200)).text;
    const row = (name: string) => page.slice(page.indexOf(`<td class="lead">${name}</td>`), page.indexOf('</tr>', page.indexOf(`<td class="lead">${name}</td>`)));
    assert.match(row(pending.username), /Approve <span class="sr-only">/);
    assert.match(row(pending.username), /Reject <span class="sr-only">/);
    assert.doesNotMatch(row(pending.username), /Suspend/);
    assert.match(row(rejected.username), /Approve <span class="sr-only">/);
    assert.doesNotMatch(row(rejected.username), /Reject|Suspend/);
    assert.match(row(active.username), /Suspend/);
    // Long emails wrap at the @ and the dots, never mid-word.
    assert.match(row(active.username), new RegExp(`${active.username}<wbr>@example<wbr>\\.com`));
    assert.doesNotMatch(row(active.username), /Approve/);
    // And approving the turned-down sponsor from its row works.
    assert.equal((await postForm(admin, `/admin/users/${rejected.id}/approve`, { return_to: '/admin' })).status, 303);
    assert.equal((await t.ctx.db('users').where({ id: rejected.id }).first()).status, 'active');
  });
});
