import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, browser, createTestApp, logIn, type TestApp } from '../support/app';
import { campaign, count, inDays, influencer, offer, postForm, sponsor } from '../support/factories';

let t: TestApp;
let agent: Agent;
let me: number;
let brandId: number;
const titles = (html: string) => [...html.matchAll(/<h3><a href="\/campaigns\/\d+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);

before(async () => {
  t = await createTestApp();
  me = await influencer(t, { username: 'searcher' });
  agent = browser(t);
  await logIn(agent, 'searcher');
  const brand = await sponsor(t);
  brandId = brand.id;
  await campaign(t, brandId, { title: 'Alpha boots', niche: 'Hiking', startDate: inDays(-3), endDate: inDays(30), budgetCents: 300_000 });
  await campaign(t, brandId, { title: 'Beta tents', niche: 'camping', description: 'Great for 50% of hikers', startDate: inDays(2), endDate: inDays(40), budgetCents: 900_000 });
  await campaign(t, brandId, { title: 'Gamma socks', niche: 'hiking socks', startDate: inDays(-10), endDate: inDays(5), budgetCents: 50_000 });
  await campaign(t, brandId, { title: 'Hidden private', visibility: 'private' });
  await campaign(t, brandId, { title: 'Hidden flagged', flagged: true });
  await campaign(t, brandId, { title: 'Hidden over', startDate: inDays(-30), endDate: inDays(-1) });
  const suspended = await sponsor(t);
  await campaign(t, suspended.id, { title: 'Hidden suspended sponsor' });
  await t.ctx.db('users').where({ id: suspended.id }).update({ status: 'suspended' });
});
after(() => t.close());

describe('GET /influencer/campaigns', () => {
  it('lists public, unflagged, current campaigns of active sponsors, latest start first', async () => {
    const res = await agent.get('/influencer/campaigns').expect(200);
    assert.deepEqual(titles(res.text), ['Beta tents', 'Alpha boots', 'Gamma socks']);
    assert.match(res.text, /3 campaigns/);
    assert.match(res.text, /\$3,000\.00 \(\$3,000\.00 left\)/);
    assert.match(res.text, /href="\/offers\/new\?campaign_id=\d+">Send request/);
  });

  it('sorts by start date or budget, both ways', async () => {
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?sort=start&order=asc')).text), ['Gamma socks', 'Alpha boots', 'Beta tents']);
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?sort=budget')).text), ['Beta tents', 'Alpha boots', 'Gamma socks']);
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?sort=budget&order=asc')).text), ['Gamma socks', 'Alpha boots', 'Beta tents']);
  });

  it('filters by niche and by text, taking wildcards literally', async () => {
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?niche=HIKING&sort=budget')).text), ['Alpha boots', 'Gamma socks']);
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?q=tent')).text), ['Beta tents']);
    assert.deepEqual(titles((await agent.get('/influencer/campaigns?q=50%25')).text), ['Beta tents']);
    assert.match((await agent.get('/influencer/campaigns?q=nothing-like-it')).text, /No campaign matches/);
  });

  it('answers htmx with the results only', async () => {
    const res = await agent.get('/influencer/campaigns?sort=budget').set('HX-Request', 'true').expect(200);
    assert.match(res.text, /^<section id="results"/);
    assert.match(res.headers.vary as string, /HX-Request/);
  });

  it('is the influencer’s only', async () => {
    assert.equal((await (await sponsor(t)).agent.get('/influencer/campaigns')).status, 403);
  });
});

describe('POST /offers (an influencer’s request)', () => {
  it('opens a pending offer to the sponsor, proposed by the influencer, and goes to the chat', async () => {
    const campaignId = (await t.ctx.db('campaigns').where({ title: 'Alpha boots' }).first()).id;
    const form = await agent.get(`/offers/new?campaign_id=${campaignId}`).expect(200);
    assert.match(form.text, /Ask to join “Alpha boots”/);
    const res = await postForm(agent, '/offers', { campaign_id: String(campaignId), budget: '400', terms: 'One video', body: 'Pick me!' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/inbox/${brandId}`);
    const saved = await t.ctx.db('offers').where({ campaign_id: campaignId, influencer_id: me }).first();
    assert.deepEqual([saved.status, saved.proposed_by, saved.sponsor_id, Number(saved.budget_cents)], ['pending', me, brandId, 40_000]);
    const message = await t.ctx.db('messages').where({ offer_id: saved.id }).first();
    assert.deepEqual([message.sender_id, message.recipient_id, message.body], [me, brandId, 'Pick me!']);
  });

  it('refuses campaigns it cannot see (404) and bad budgets (422), writing nothing', async () => {
    const before = await count(t, 'offers');
    for (const title of ['Hidden private', 'Hidden flagged', 'Hidden over', 'Hidden suspended sponsor']) {
      const id = (await t.ctx.db('campaigns').where({ title }).first()).id;
      assert.equal((await agent.get(`/offers/new?campaign_id=${id}`)).status, 404, title);
      assert.equal((await postForm(agent, '/offers', { campaign_id: String(id), budget: '10', terms: 'x' })).status, 404, title);
    }
    const gamma = (await t.ctx.db('campaigns').where({ title: 'Gamma socks' }).first()).id;
    await offer(t, { campaignId: gamma, sponsorId: brandId, influencerId: await influencer(t), budgetCents: 40_000 });
    const over = await postForm(agent, '/offers', { campaign_id: String(gamma), budget: '100.01', terms: 'x' });
    assert.equal(over.status, 422);
    assert.match(over.text, /Only \$100\.00 of this campaign’s budget is left/);
    const bad = await postForm(agent, '/offers', { campaign_id: String(gamma), budget: '-1', terms: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /positive amount[\s\S]*Terms is required/);
    assert.equal(await count(t, 'offers'), before + 1);
  });
});
