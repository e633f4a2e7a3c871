import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browser, createTestApp, type Agent, type TestApp } from '../support/app';
import { account, influencer, sponsor } from '../support/factories';

let t: TestApp;
let agent: Agent;
const names = (html: string) => [...html.matchAll(/<h3><a href="\/@[a-z0-9_.-]+">([a-z0-9_.-]+)<\/a> <span class="badge/g)].map((m) => m[1]);

before(async () => {
  t = await createTestApp();
  agent = (await sponsor(t)).agent;
  await influencer(t, { username: 'ada_trails', category: 'Travel', niche: 'Hiking & backpacking', followers: 1500 });
  await influencer(t, { username: 'ben_cooks', category: 'Food & Drink', niche: 'vegan baking', followers: 250 });
  await influencer(t, { username: 'cleo_runs', category: 'Fitness', niche: 'trail running', followers: 40 });
  await influencer(t, { username: 'dan_hikes', category: 'Travel', niche: 'hiking with dogs', followers: 900 });
  await influencer(t, { username: 'eve_100pct', category: 'Finance', niche: '100% index funds', followers: 5 });
  const suspended = await influencer(t, { username: 'zed_gone', category: 'Travel', niche: 'hiking', followers: 99_999 });
  await t.ctx.db('users').where({ id: suspended }).update({ status: 'suspended' });
  await account(t, 'user', 'not_an_influencer');
});
after(() => t.close());

describe('GET /sponsor/influencers', () => {
  it('lists every active influencer with category, niche, followers and standing, most followed first', async () => {
    const res = await agent.get('/sponsor/influencers').expect(200);
    assert.deepEqual(names(res.text), ['ada_trails', 'dan_hikes', 'ben_cooks', 'cleo_runs', 'eve_100pct']);
    assert.match(res.text, /5 influencers/);
    assert.match(res.text, /ada_trails<\/a> <span class="badge badge-star">Star: 1,000\+ followers/);
    assert.match(res.text, /ben_cooks<\/a> <span class="badge badge-rising">Rising: 100\+ followers/);
    assert.match(res.text, /cleo_runs<\/a> <span class="badge badge-new">Emerging/);
    assert.match(res.text, /<dd>1500<\/dd>/);
    assert.match(res.text, /href="\/offers\/new\?influencer_id=\d+">Send offer/);
  });

  it('filters by niche, case-insensitively and anywhere in it, sorted by followers', async () => {
    const res = await agent.get('/sponsor/influencers?niche=HIKING&sort=followers').expect(200);
    assert.deepEqual(names(res.text), ['ada_trails', 'dan_hikes']);
  });

  it('filters by category, and by text across name, niche and category', async () => {
    assert.deepEqual(names((await agent.get('/sponsor/influencers?category=Travel')).text), ['ada_trails', 'dan_hikes']);
    assert.deepEqual(names((await agent.get('/sponsor/influencers?q=trail')).text), ['ada_trails', 'cleo_runs']);
    assert.deepEqual(names((await agent.get('/sponsor/influencers?q=food')).text), ['ben_cooks']);
  });

  it('takes LIKE wildcards in the text literally', async () => {
    assert.deepEqual(names((await agent.get('/sponsor/influencers?q=100%25')).text), ['eve_100pct']);
    assert.deepEqual(names((await agent.get('/sponsor/influencers?q=%25')).text), ['eve_100pct']);
    // As a wildcard "a_a" would match "ada_trails"; taken literally it matches nothing here.
    assert.deepEqual(names((await agent.get('/sponsor/influencers?q=a_a')).text), []);
  });

  it('sorts by category or niche, then by followers', async () => {
    assert.deepEqual(names((await agent.get('/sponsor/influencers?sort=category')).text), ['eve_100pct', 'cleo_runs', 'ben_cooks', 'ada_trails', 'dan_hikes']);
    assert.deepEqual(names((await agent.get('/sponsor/influencers?sort=niche')).text), ['eve_100pct', 'ada_trails', 'dan_hikes', 'cleo_runs', 'ben_cooks']);
  });

  it('says so when nothing matches, and ignores unknown sorts, categories and pages', async () => {
    const none = await agent.get('/sponsor/influencers?q=nobody-like-this').expect(200);
    assert.match(none.text, /No influencer matches/);
    const odd = await agent.get('/sponsor/influencers?sort=password&category=Astrology&page=-3').expect(200);
    assert.deepEqual(names(odd.text).length, 5);
  });

  it('answers htmx with the results only, and keeps the filters in the form', async () => {
    const fragment = await agent.get('/sponsor/influencers?niche=hiking').set('HX-Request', 'true').expect(200);
    assert.match(fragment.text, /^<section id="results"/);
    assert.doesNotMatch(fragment.text, /<form method="get"/);
    assert.match(fragment.headers.vary as string, /HX-Request/);
    const page = await agent.get('/sponsor/influencers?niche=hiking&sort=niche');
    assert.match(page.text, /name="niche" value="hiking"/);
    assert.match(page.text, /<option value="niche" selected>/);
  });

  it('is for sponsors only', async () => {
    assert.equal((await browser(t).get('/sponsor/influencers')).status, 303);
  });
});

describe('GET /sponsor/influencers pages', () => {
  it('shows 20 a page with links that keep the filters', async () => {
    const paged = await createTestApp();
    try {
      const pagedAgent = (await sponsor(paged)).agent;
      for (let i = 1; i <= 25; i += 1) await influencer(paged, { username: `inf${String(i).padStart(2, '0')}`, niche: 'hiking', followers: i });
      const first = await pagedAgent.get('/sponsor/influencers?niche=hiking');
      assert.equal(names(first.text).length, 20);
      assert.equal(names(first.text)[0], 'inf25');
      assert.match(first.text, /Page 1 of 2/);
      assert.match(first.text, /href="\/sponsor\/influencers\?niche=hiking&amp;sort=followers&amp;page=2"/);
      const second = await pagedAgent.get('/sponsor/influencers?niche=hiking&sort=followers&page=2');
      assert.deepEqual(names(second.text), ['inf05', 'inf04', 'inf03', 'inf02', 'inf01']);
      const beyond = await pagedAgent.get('/sponsor/influencers?page=99');
      assert.equal(names(beyond.text).length, 0);
    } finally {
      await paged.close();
    }
  });
});

describe('sponsor awaiting approval', () => {
  it('finds influencers but is told offers wait for approval', async () => {
    const pending = await sponsor(t, { approved: false });
    const res = await pending.agent.get('/sponsor/influencers').expect(200);
    assert.doesNotMatch(res.text, />Send offer</);
    assert.match(res.text, /once the admin approves your account/);
  });
});

describe('a NUL byte in the search (found by the fuzzer: PostgreSQL answered 500)', () => {
  it('is dropped: the search runs on the rest', async () => {
    await influencer(t, { username: 'nul.finder', niche: 'hiking' });
    const res = await agent.get('/sponsor/influencers?q=nul%00.finder');
    assert.equal(res.status, 200);
    assert.match(res.text, /nul\.finder/);
  });
});
