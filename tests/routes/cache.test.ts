import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCache } from '../../src/cache';
import { closeContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { type Agent, browser, createTestApp, logIn, type TestApp, uniqueName } from '../support/app';
import { account, campaign, campaignFields, inDays, influencer, offer, postForm, sponsor } from '../support/factories';
import { until } from '../support/wait';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // The cache works only with Redis connected; give it a moment on a cold start.
  for (let i = 0; i < 20 && t.ctx.redis.status !== 'ready'; i += 1) await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.ctx.redis.status, 'ready');
});
after(() => t.close());

describe('the Redis cache of search listings', () => {
  it('serves a repeated search from Redis, and a write forgets only the listings it can change', async () => {
    const brand = await sponsor(t);
    const id = await influencer(t, { username: 'cached_one', niche: 'cacheable' });
    assert.match((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
    // Changed behind the app's back: the cached listing still shows the old niche.
    await t.ctx.db('influencer_profiles').where({ user_id: id }).update({ niche: 'renamed' });
    assert.match((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
    // A new campaign cannot change the influencer listings: they stay cached.
    assert.equal((await postForm(brand.agent, '/campaigns', campaignFields())).status, 303);
    assert.match((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
    // A follow can (follower counts): every influencer listing is read anew.
    const fan = browser(t);
    await logIn(fan, (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username);
    assert.equal((await postForm(fan, `/influencers/${await influencer(t)}/follow`)).status, 303);
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=cacheable')).text, /cached_one/);
  });

  it('is a cache of this site only: another site on the same Redis and QUEUE_PREFIX never serves this one’s pages', async () => {
    // A second site: the same Redis and prefix, a database of its own.
    const otherSite = await createTestApp({ QUEUE_PREFIX: t.ctx.config.queuePrefix });
    try {
      assert.notEqual(otherSite.ctx.config.redisPrefix, t.ctx.config.redisPrefix);
      const niche = uniqueName('twosites');
      const here = await sponsor(t);
      const there = await sponsor(otherSite);
      // The same account id on both sites, and the same search: each sees its own influencer.
      await influencer(t, { username: uniqueName('site_a'), niche });
      await influencer(otherSite, { username: uniqueName('site_b'), niche });
      const mine = (await here.agent.get(`/sponsor/influencers?niche=${niche}`)).text;
      const theirs = (await there.agent.get(`/sponsor/influencers?niche=${niche}`)).text;
      assert.match(mine, /site_a/);
      assert.doesNotMatch(mine, /site_b/);
      assert.match(theirs, /site_b/);
      assert.doesNotMatch(theirs, /site_a/);
    } finally {
      await otherSite.close();
    }
  });

  it('shows whoever follows the new count on their very next page, from another web process too', async () => {
    // A second app on the same database and Redis: another web process of the same deployment.
    const other = await createTestApp({ QUEUE_PREFIX: t.ctx.config.queuePrefix }, { database: t });
    try {
      const creator = await influencer(t, { username: uniqueName('rywinf'), niche: 'readyourwrites' });
      const name = (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username;
      const here = browser(t);
      const there = browser(other);
      await logIn(here, name);
      await logIn(there, name);
      const count = async (agent: Agent) => {
        const page = (await agent.get('/user/influencers?niche=readyourwrites')).text;
        return Number(/<span class="followers">(\d+) follower/.exec(page)?.[1]);
      };
      assert.deepEqual([await count(here), await count(there)], [0, 0]);
      assert.equal((await postForm(here, `/influencers/${creator}/follow`)).status, 303);
      assert.deepEqual([await count(here), await count(there)], [1, 1]);
      assert.equal((await postForm(there, `/influencers/${creator}/unfollow`)).status, 303);
      assert.deepEqual([await count(there), await count(here)], [0, 0]);
    } finally {
      // Not other.close(): the database is this file's, dropped with it.
      await closeContext(other.ctx);
    }
  });

  it('computes a missed entry once however many ask at the same time, and only for the family forgotten', async () => {
    const computed = { influencers: 0, campaigns: 0 };
    const slowly = (family: 'influencers' | 'campaigns') => async () => {
      computed[family] += 1;
      await new Promise((r) => setTimeout(r, 50));
      return { family };
    };
    const key = uniqueName('flight');
    const askAll = (family: 'influencers' | 'campaigns') => Promise.all(Array.from({ length: 20 }, () => t.ctx.cache.wrap(family, key, 60, slowly(family))));
    await Promise.all([askAll('influencers'), askAll('campaigns')]);
    assert.deepEqual(computed, { influencers: 1, campaigns: 1 });
    await t.ctx.cache.invalidate(['influencers']);
    const answers = await Promise.all([askAll('influencers'), askAll('campaigns')]);
    assert.deepEqual(computed, { influencers: 2, campaigns: 1 });
    assert.ok(answers.flat().every((a) => a.family === 'influencers' || a.family === 'campaigns'));
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

  it('shows a profile edit and a suspension in the sponsors’ search at once', async () => {
    const brand = await sponsor(t);
    const name = uniqueName('movinginf');
    await influencer(t, { username: name, niche: 'before-move' });
    const creator = browser(t);
    await logIn(creator, name);
    assert.match((await brand.agent.get('/sponsor/influencers?niche=before-move')).text, new RegExp(name));
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=after-move')).text, new RegExp(name));
    const saved = await postForm(creator, '/influencer/profile', { username: name, phone: '+44 7700 900000', category: 'Travel', niche: 'after-move' });
    assert.equal(saved.status, 303);
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=before-move')).text, new RegExp(name));
    assert.match((await brand.agent.get('/sponsor/influencers?niche=after-move')).text, new RegExp(name));
    // The admin suspends them: gone from the (cached) listing on the sponsor's next search.
    await t.ctx.services.moderation.suspend((await t.ctx.db('users').where({ username: name }).first()).id, 'Spam');
    assert.doesNotMatch((await brand.agent.get('/sponsor/influencers?niche=after-move')).text, new RegExp(name));
  });

  it('serves the dashboards from the cache, and shows each person their own change on the next page, from another web process too', async () => {
    const other = await createTestApp({ QUEUE_PREFIX: t.ctx.config.queuePrefix }, { database: t });
    try {
      const brand = await sponsor(t);
      const there = browser(other);
      await logIn(there, brand.username);
      const campaignId = await campaign(t, brand.id, { title: 'Dashboard first' });
      assert.match((await brand.agent.get('/sponsor')).text, /Dashboard first/);
      // Changed behind the app's back: the cached dashboard still shows the old title.
      await t.ctx.db('campaigns').where({ id: campaignId }).update({ title: 'Renamed quietly' });
      assert.match((await brand.agent.get('/sponsor')).text, /Dashboard first/);
      // The sponsor's own new campaign, made on the other process: on their next page here.
      assert.equal((await postForm(there, '/campaigns', campaignFields({ title: 'Made over there' }))).status, 303);
      const dashboard = (await brand.agent.get('/sponsor')).text;
      assert.match(dashboard, /Made over there/);
      assert.match(dashboard, /Renamed quietly/);

      // The admin's account lists: a suspension made on the other process shows here at once.
      const name = uniqueName('listedinf');
      await influencer(t, { username: name });
      const boss = uniqueName('boss');
      await account(t, 'admin', boss);
      const here = browser(t);
      await logIn(here, boss);
      const rowOf = (page: string) => new RegExp(`<td class="lead">${name}</td>[\\s\\S]*?badge-status-(\\w+)`).exec(page)?.[1];
      assert.equal(rowOf((await here.get('/admin')).text), 'active');
      const admin = browser(other);
      await logIn(admin, boss);
      const id = (await t.ctx.db('users').where({ username: name }).first()).id;
      assert.equal((await postForm(admin, `/admin/users/${id}/suspend`, { reason: 'Spam' })).status, 303);
      assert.equal(rowOf((await here.get('/admin')).text), 'suspended');
    } finally {
      await closeContext(other.ctx);
    }
  });

  it('serves an inbox from the cache, and shows a new message, what was read and what was deleted on the next page, from another web process too', async () => {
    const other = await createTestApp({ QUEUE_PREFIX: t.ctx.config.queuePrefix }, { database: t });
    try {
      const brand = await sponsor(t);
      const name = uniqueName('writer');
      const creatorId = await influencer(t, { username: name });
      const creator = browser(other);
      await logIn(creator, name);
      assert.doesNotMatch((await brand.agent.get('/inbox')).text, new RegExp(name));
      assert.equal((await postForm(creator, `/inbox/${brand.id}/messages`, { body: 'First words' })).status, 303);
      let inbox = (await brand.agent.get('/inbox')).text;
      assert.match(inbox, /First words/);
      assert.match(inbox, /1 new/);
      // Changed behind the app's back: the cached inbox still shows the old text.
      await t.ctx.db('messages').where({ body: 'First words' }).update({ body: 'Quietly edited' });
      assert.match((await brand.agent.get('/inbox')).text, /First words/);
      // Reading the chat clears the unread mark in the inbox at once.
      assert.equal((await brand.agent.get(`/inbox/${creatorId}`)).status, 200);
      inbox = (await brand.agent.get('/inbox')).text;
      assert.match(inbox, /Quietly edited/);
      assert.doesNotMatch(inbox, /\d+ new/);
      // Deleting the conversation takes it out of the inbox at once.
      assert.equal((await postForm(brand.agent, `/inbox/${creatorId}/delete`)).status, 303);
      assert.doesNotMatch((await brand.agent.get('/inbox')).text, new RegExp(`href="/inbox/${creatorId}"`));
    } finally {
      await closeContext(other.ctx);
    }
  });

  it('serves a collaboration and the lists from the cache, and shows each step on the next page, from another web process too', async () => {
    const other = await createTestApp({ QUEUE_PREFIX: t.ctx.config.queuePrefix }, { database: t });
    try {
      const brand = await sponsor(t);
      const name = uniqueName('collab');
      const creatorId = await influencer(t, { username: name });
      const creator = browser(other);
      await logIn(creator, name);
      const offerId = await offer(t, { campaignId: await campaign(t, brand.id, { title: 'Cached collaboration' }), sponsorId: brand.id, influencerId: creatorId, status: 'accepted' });
      const page = `/collaborations/${offerId}`;
      assert.match((await creator.get(page)).text, /Cached collaboration/);
      assert.match((await creator.get('/collaborations')).text, /Cached collaboration/);
      // Changed behind the app's back: the cached page and list still show the old terms and title.
      await t.ctx.db('offers').where({ id: offerId }).update({ terms: 'Quietly changed terms' });
      assert.doesNotMatch((await creator.get(page)).text, /Quietly changed terms/);
      // A step on this process shows on the other's next page, with what changed behind its back.
      assert.equal((await postForm(brand.agent, `${page}/deliverables`, { title: 'Cached reel', due_date: inDays(3) })).status, 303);
      const after = (await creator.get(page)).text;
      assert.match(after, /Cached reel/);
      assert.match(after, /Quietly changed terms/);
      assert.match((await creator.get('/influencer')).text, /Cached reel/);
      const { id } = await t.ctx.db('deliverables').where({ offer_id: offerId }).first();
      assert.equal((await postForm(creator, `/deliverables/${id}/submit`, { url: 'https://example.com/p' })).status, 303);
      assert.match((await brand.agent.get('/sponsor')).text, /Awaiting your review/);
      assert.equal((await postForm(creator, `${page}/dispute`, { reason: 'Cached dispute' })).status, 303);
      assert.match((await brand.agent.get('/collaborations?state=disputed')).text, /Cached collaboration/);
    } finally {
      await closeContext(other.ctx);
    }
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

describe('a cache invalidation that fails', () => {
  it('is tried again until Redis takes it, so a write still shows within seconds, not at the expiry', async () => {
    const cache = createCache(t.ctx.redis, createLogger('silent'), `stale-${Date.now()}`);
    try {
      let stored = 'before';
      const read = () => cache.wrap('campaigns', 'one', 60, async () => stored);
      assert.equal(await read(), 'before');
      // Redis times out on the next two bumps (as under a scan), then answers again.
      const incr = t.ctx.redis.incr.bind(t.ctx.redis);
      let failures = 2;
      t.ctx.redis.incr = ((key: string) => (failures-- > 0 ? Promise.reject(new Error('Redis did not answer within 200 ms')) : incr(key))) as typeof incr;
      try {
        stored = 'after';
        await cache.invalidate(['campaigns']);
        // Until the retry goes through, Redis still has the entry under the old version.
        const seen = await until('the write to show', async () => (await read()) === 'after', 3000);
        assert.ok(seen);
      } finally {
        t.ctx.redis.incr = incr;
      }
    } finally {
      cache.close();
    }
  });

  it('never serves an entry past its Redis expiry, even from another process’s memory', async () => {
    const prefix = `expiry-${Date.now()}`;
    const [one, two] = [createCache(t.ctx.redis, createLogger('silent'), prefix), createCache(t.ctx.redis, createLogger('silent'), prefix)];
    try {
      let stored = 1;
      const read = (cache: typeof one) => cache.wrap('insights', 'short', 2, async () => stored);
      assert.equal(await read(one), 1);
      stored = 2;
      // Another process copies the entry from Redis late in its life…
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await read(two), 1);
      // …and its copy ends with the entry (2 s), not 10 s after it was copied.
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(await read(two), 2);
    } finally {
      one.close();
      two.close();
    }
  });
});
