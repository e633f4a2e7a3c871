import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browser, createTestApp, logIn, type TestApp } from '../support/app';
import { account, campaign, campaignFields, influencer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // The cache works only with Redis connected; give it a moment on a cold start.
  for (let i = 0; i < 20 && t.ctx.redis.status !== 'ready'; i += 1) await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.ctx.redis.status, 'ready');
});
after(() => t.close());

describe('the Redis cache of search listings', () => {
  it('serves a repeated search from Redis, and forgets it on a write', async () => {
    const brand = await sponsor(t);
    const id = await influencer(t, { username: 'cached_one', niche: 'cacheable' });
    assert.match((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
    // Changed behind the app's back: the cached listing still shows the old niche.
    await t.ctx.db('influencer_profiles').where({ user_id: id }).update({ niche: 'renamed' });
    assert.match((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
    // Any write through the app that can change listings forgets them.
    await postForm(brand.agent, '/campaigns', campaignFields());
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
  });

  it('shows a campaign edit in the influencers’ search at once', async () => {
    const brand = await sponsor(t);
    const campaignId = await campaign(t, brand.id, { title: 'Before the edit' });
    const creator = browser(t);
    await logIn(creator, (await t.ctx.db('users').where({ id: await influencer(t) }).first()).username);
    assert.match((await creator.get('/influencer/campaigns?q=edit')).text, /Before the edit/);
    await postForm(brand.agent, `/campaigns/${campaignId}`, campaignFields({ title: 'After the edit' }));
    const after = await creator.get('/influencer/campaigns?q=edit');
    assert.match(after.text, /After the edit/);
    assert.doesNotMatch(after.text, /Before the edit/);
  });

  it('does not forget on a failed write', async () => {
    const brand = await sponsor(t);
    const id = await influencer(t, { username: 'sticky_one', niche: 'sticky' });
    await brand.agent.get('/sponsor/influencers?niche=sticky');
    await t.ctx.db('influencer_profiles').where({ user_id: id }).update({ niche: 'moved' });
    assert.equal((await postForm(brand.agent, '/campaigns', campaignFields({ title: '' }))).status, 422);
    assert.match((await brand.agent.get('/sponsor/influencers?niche=sticky')).text, /sticky_one/);
  });
});

describe('without Redis', () => {
  it('serves searches and insights from the database', async () => {
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const brand = await sponsor(down);
      await influencer(down, { username: 'no_cache_needed', niche: 'offline' });
      assert.match((await brand.agent.get('/sponsor/influencers?niche=offline')).text, /no_cache_needed/);
      await account(down, 'admin', 'boss');
      const admin = browser(down);
      await logIn(admin, 'boss');
      const insights = await admin.get('/admin/insights');
      assert.equal(insights.status, 200);
      assert.match(insights.text, /<th scope="row">Influencers<\/th><td>1<\/td>/);
      assert.equal((await postForm(brand.agent, '/campaigns', campaignFields())).status, 303);
    } finally {
      await down.close();
    }
  });
});
