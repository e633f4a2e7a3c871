// The creator profile: an influencer fills in the profile's own fields, platform accounts and the
// rate card on /influencer/profile; anyone (signed out too) reads the public page /@username.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import request from 'supertest';
import { browser, logIn, signUp, withTestApp } from '../support/app';
import { account, count, databaseState, postForm, sponsor } from '../support/factories';

const app = withTestApp();

const profileFields = {
  phone: '+44 7700 900555',
  category: 'Travel',
  niche: 'long-distance hiking',
  display_name: 'Lena Berg',
  bio: 'Trail diaries from the Alps and the Pyrenees, for people who carry their own tent.',
  city: 'Innsbruck',
  country: 'AT',
  languages: 'German, english',
  availability: 'open',
  busy_until: '',
};
const instagram = { platform: 'instagram', handle: '@lena.trails', followers: '48,200', avg_views: '12000', engagement_rate: '3.25' };

async function creator() {
  const agent = browser(app.t);
  const { username } = await signUp(agent, 'influencer');
  const { id } = await app.t.ctx.db('users').where({ username }).first();
  return { agent, username, id: id as number };
}

describe('the creator profile', () => {
  it('saves the profile fields and shows them on the public page, signed out, without email or phone', async () => {
    const { agent, username } = await creator();
    const saved = await postForm(agent, '/influencer/profile', { username, ...profileFields });
    assert.equal(saved.status, 303);
    const form = await agent.get('/influencer/profile').expect(200);
    assert.match(form.text, /value="Lena Berg"/);
    assert.match(form.text, /value="German, English"/);
    assert.match(form.text, /name="country"[^>]*value="Austria"/);

    const page = await request(app.t.app).get(`/@${username}`).expect(200);
    for (const text of ['Lena Berg', `@${username}`, 'Innsbruck, Austria', 'Publishes in German, English', 'Open to collaborations', 'carry their own tent']) {
      assert.ok(page.text.includes(text), `public page shows ${text}`);
    }
    assert.doesNotMatch(page.text, /example\.com|7700 900555/, 'no email or phone');
  });

  it('refuses a busy date in the past, an unknown language and a bio over 500 characters, keeping what was typed', async () => {
    const { agent, username } = await creator();
    const before = await databaseState(app.t);
    const res = await postForm(agent, '/influencer/profile', { username, ...profileFields, availability: 'busy', busy_until: '2020-01-01', languages: 'English, Klingon', bio: 'x'.repeat(501), country: 'Atlantis' });
    assert.equal(res.status, 422);
    assert.match(res.text, /That date has passed/);
    assert.match(res.text, /“Klingon” is not a language we know/);
    assert.match(res.text, /Bio must be at most 500 characters/);
    assert.match(res.text, /We do not know a country called “Atlantis”/);
    assert.match(res.text, /value="English, Klingon"/);
    assert.equal(await databaseState(app.t), before);
  });

  it('hides a creator who is not taking work from the influencer search, and says busy until a date', async () => {
    const { agent, username } = await creator();
    const sponsorAgent = browser(app.t);
    await signUp(sponsorAgent, 'sponsor');
    // The results only (the search box repeats the name).
    const search = () => sponsorAgent.get(`/sponsor/influencers?q=${username}`).then((r) => r.text.slice(r.text.indexOf('id="results"')));
    assert.match(await search(), new RegExp(username));
    await postForm(agent, '/influencer/profile', { username, ...profileFields, availability: 'closed' }).then((r) => assert.equal(r.status, 303));
    assert.doesNotMatch(await search(), new RegExp(username));
    await postForm(agent, '/influencer/profile', { username, ...profileFields, availability: 'busy', busy_until: '2099-05-01' }).then((r) => assert.equal(r.status, 303));
    assert.match(await search(), new RegExp(username));
    assert.match((await request(app.t.app).get(`/@${username}`)).text, /Busy until/);
  });

  it('keeps the creator fields when a profile form without them is posted', async () => {
    const { agent, username, id } = await creator();
    await postForm(agent, '/influencer/profile', { username, ...profileFields });
    await postForm(agent, '/influencer/profile', { username, phone: '+44 7700 900556', category: 'Travel', niche: 'hiking' }).then((r) => assert.equal(r.status, 303));
    const row = await app.t.ctx.db('influencer_profiles').where({ user_id: id }).first();
    assert.equal(row.display_name, 'Lena Berg');
    assert.equal(row.languages, ',de,en,');
  });

  it('is linked from the chat header and the search card', async () => {
    const { username, id } = await creator();
    const brand = await sponsor(app.t);
    assert.match((await brand.agent.get(`/inbox/${id}`).expect(200)).text, new RegExp(`<a href="/@${username}">Public profile and media kit</a>`));
    assert.match((await brand.agent.get(`/sponsor/influencers?q=${username}`)).text, new RegExp(`<h3><a href="/@${username}">`));
  });

  it('answers 404 for an unknown name, a sponsor and a suspended influencer', async () => {
    const { username, id } = await creator();
    const sponsorAgent = browser(app.t);
    const { username: brand } = await signUp(sponsorAgent, 'sponsor');
    await request(app.t.app).get('/@nobody-here').expect(404);
    await request(app.t.app).get(`/@${brand}`).expect(404);
    await app.t.ctx.db('users').where({ id }).update({ status: 'suspended' });
    await request(app.t.app).get(`/@${username}`).expect(404);
  });
});

describe('platform accounts', () => {
  it('adds, updates and removes an account; the link is made from the handle', async () => {
    const { agent, username, id } = await creator();
    const added = await postForm(agent, '/influencer/platforms', instagram);
    assert.equal(added.status, 303);
    assert.equal(added.headers.location, '/influencer/profile#platforms');
    const row = await app.t.ctx.db('platform_accounts').where({ influencer_id: id }).first();
    assert.deepEqual([row.handle, Number(row.followers), Number(row.avg_views), row.engagement_bp], ['lena.trails', 48200, 12000, 325]);
    const page = await request(app.t.app).get(`/@${username}`).expect(200);
    assert.match(page.text, /href="https:\/\/www\.instagram\.com\/lena\.trails\/"/);
    assert.match(page.text, /48,200 followers · 12,000 average views · 3\.25% engagement/);

    const edit = await agent.get(`/influencer/platforms/${row.id}`).expect(200);
    assert.match(edit.text, /name="followers"[^>]*value="48200"/);
    assert.match(edit.text, /name="engagement_rate"[^>]*value="3.25"/);
    const refused = await postForm(agent, `/influencer/platforms/${row.id}`, { ...instagram, followers: 'many' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Followers must be a whole number/);
    assert.match(refused.text, /value="many"/);
    await postForm(agent, `/influencer/platforms/${row.id}`, { ...instagram, followers: '50000' }).then((r) => assert.equal(r.status, 303));
    assert.equal(Number((await app.t.ctx.db('platform_accounts').where({ id: row.id }).first()).followers), 50000);
    assert.match((await agent.get(`/influencer/platforms/${row.id}/delete`).expect(200)).text, /Remove account/);
    await postForm(agent, `/influencer/platforms/${row.id}/delete`).then((r) => assert.equal(r.status, 303));
    assert.equal(await count(app.t, 'platform_accounts', { influencer_id: id }), 0);
  });

  it('refuses a handle that does not fit the platform, a javascript: blog and an engagement rate over 100, keeping the form', async () => {
    const { agent } = await creator();
    const before = await databaseState(app.t);
    const x = await postForm(agent, '/influencer/platforms', { ...instagram, platform: 'x', handle: 'far too long for x handles' });
    assert.equal(x.status, 422);
    assert.match(x.text, /That is not a X handle/);
    assert.match(x.text, /value="far too long for x handles"/);
    const blog = await postForm(agent, '/influencer/platforms', { ...instagram, platform: 'blog', handle: 'javascript:alert(1)' });
    assert.equal(blog.status, 422);
    const rate = await postForm(agent, '/influencer/platforms', { ...instagram, engagement_rate: '120' });
    assert.match(rate.text, /Engagement rate must be a percentage from 0 to 100/);
    assert.equal(await databaseState(app.t), before);
  });

  it('says when the same account is added twice, and says figures older than 90 days are not updated', async () => {
    const { agent, username, id } = await creator();
    await postForm(agent, '/influencer/platforms', instagram);
    const twice = await postForm(agent, '/influencer/platforms', instagram);
    assert.equal(twice.status, 422);
    assert.match(twice.text, /You have already added this account/);
    await app.t.ctx.db('platform_accounts').where({ influencer_id: id }).update({ figures_at: Date.now() - 91 * 24 * 3600 * 1000 });
    assert.match((await request(app.t.app).get(`/@${username}`)).text, /Figures not updated since/);
  });

  it('answers 404 for someone else’s account, changing nothing', async () => {
    const owner = await creator();
    await postForm(owner.agent, '/influencer/platforms', instagram);
    const { id } = await app.t.ctx.db('platform_accounts').where({ influencer_id: owner.id }).first();
    const other = await creator();
    const before = await databaseState(app.t);
    assert.equal((await postForm(other.agent, `/influencer/platforms/${id}`, { ...instagram, followers: '1' })).status, 404);
    assert.equal((await postForm(other.agent, `/influencer/platforms/${id}/delete`)).status, 404);
    assert.equal((await other.agent.get(`/influencer/platforms/${id}/delete`)).status, 404);
    assert.equal(await databaseState(app.t), before);
  });
});

describe('the media kit', () => {
  it('is the public profile as a PDF, signed out too, without email or phone', async () => {
    const { agent, username } = await creator();
    await postForm(agent, '/influencer/profile', { username, ...profileFields, display_name: 'Lena Berg – Läufer 山' });
    await postForm(agent, '/influencer/platforms', instagram);
    await postForm(agent, '/influencer/rates', { rate_post: '250' });
    const res = await request(app.t.app).get(`/@${username}/media-kit.pdf`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^application\/pdf/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kit-')), 'kit.pdf');
    writeFileSync(file, res.body as Buffer);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    for (const expected of ['Lena Berg – Läufer 山', `@${username}`, 'Innsbruck, Austria', 'Instagram lena.trails: 48,200 followers', 'Post: $250.00', 'Collaborations completed: 0']) {
      assert.ok(text.includes(expected), `the kit says ${expected}:\n${text}`);
    }
    assert.doesNotMatch(text, /example\.com|7700/);
    assert.match((await request(app.t.app).get(`/@${username}`)).text, new RegExp(`href="/@${username}/media-kit.pdf"`));
    await request(app.t.app).get('/@nobody-here/media-kit.pdf').expect(404);
  });
});

describe('verified figures', () => {
  it('an admin marks figures verified from the public page (badge, audit row); new figures are unverified again', async () => {
    const { agent, username, id } = await creator();
    await postForm(agent, '/influencer/platforms', instagram);
    const platform = await app.t.ctx.db('platform_accounts').where({ influencer_id: id }).first();
    const adminAgent = browser(app.t);
    const adminId = await account(app.t, 'admin');
    await logIn(adminAgent, (await app.t.ctx.db('users').where({ id: adminId }).first()).username);
    assert.match((await adminAgent.get(`/@${username}`)).text, /Mark figures verified/);
    assert.doesNotMatch((await request(app.t.app).get(`/@${username}`)).text, /Mark figures verified/, 'signed out: no button');

    const res = await postForm(adminAgent, `/admin/platforms/${platform.id}/verify`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/@${username}`);
    assert.match((await request(app.t.app).get(`/@${username}`)).text, /class="badge badge-verified"/);
    const audit = await app.t.ctx.db('admin_audit').where({ action: 'verify_figures', target_id: id }).first();
    assert.match(audit.target_label, /Instagram lena\.trails/);

    await postForm(agent, `/influencer/platforms/${platform.id}`, { ...instagram, followers: '60000' });
    assert.equal((await app.t.ctx.db('platform_accounts').where({ id: platform.id }).first()).verified_at, null);
    assert.doesNotMatch((await request(app.t.app).get(`/@${username}`)).text, /class="badge badge-verified"/);
  });

  it('refuses anyone but an admin, changing nothing', async () => {
    const { agent, id } = await creator();
    await postForm(agent, '/influencer/platforms', instagram);
    const platform = await app.t.ctx.db('platform_accounts').where({ influencer_id: id }).first();
    const before = await databaseState(app.t);
    assert.equal((await postForm(agent, `/admin/platforms/${platform.id}/verify`)).status, 403);
    assert.equal(await databaseState(app.t), before);
  });
});

describe('the rate card', () => {
  it('saves a price per kind, empty ones not offered, and shows them publicly', async () => {
    const { agent, username, id } = await creator();
    const res = await postForm(agent, '/influencer/rates', { rate_post: '250', rate_short: '399.50', rate_story: '', rate_video: '', rate_live: '', rate_blog: '' });
    assert.equal(res.status, 303);
    const rows = await app.t.ctx.db('rates').where({ influencer_id: id }).orderBy('kind');
    assert.deepEqual(rows.map((r) => [r.kind, Number(r.price_cents)]), [['post', 25000], ['short', 39950]]);
    const page = await request(app.t.app).get(`/@${username}`);
    assert.match(page.text, /<dt>Post<\/dt><dd>\$250\.00<\/dd>/);
    assert.match(page.text, /<dt>Short video \/ reel<\/dt><dd>\$399\.50<\/dd>/);
    assert.doesNotMatch(page.text, /<dt>Story<\/dt>/);
    assert.match((await agent.get('/influencer/profile')).text, /name="rate_short"[^>]*value="399.50"/);
  });

  it('refuses a price that is not an amount, keeping what was typed', async () => {
    const { agent } = await creator();
    const before = await databaseState(app.t);
    const res = await postForm(agent, '/influencer/rates', { rate_post: 'a lot', rate_short: '100' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Post: a price up to/);
    assert.match(res.text, /value="a lot"/);
    assert.equal(await databaseState(app.t), before);
  });
});
