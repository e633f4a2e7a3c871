import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, browser, createTestApp, signUp, type TestApp } from '../support/app';
import { account, influencer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function user(): Promise<{ agent: Agent; id: number }> {
  const agent = browser(t);
  const { username } = await signUp(agent, 'user');
  return { agent, id: (await t.ctx.db('users').where({ username }).first()).id };
}

const followers = async (id: number) => Number((await t.ctx.db('influencer_profiles').where({ user_id: id }).first()).follower_count);
const follows = async (userId: number) => (await t.ctx.db('follows').where({ user_id: userId }).select('influencer_id')).map((r) => r.influencer_id);

describe('POST /influencers/:id/follow and /unfollow', () => {
  it('follows without JavaScript: the count goes up in the same step, and back to the list', async () => {
    const { agent, id } = await user();
    const star = await influencer(t, { followers: 0 });
    const res = await postForm(agent, `/influencers/${star}/follow`, { return_to: '/user/influencers?niche=hiking' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/user/influencers?niche=hiking');
    assert.deepEqual(await follows(id), [star]);
    assert.equal(await followers(star), 1);
    assert.match((await agent.get('/user/influencers?niche=hiking')).text, /You follow/);
  });

  it('answers htmx with the toggle in its new state and the new count', async () => {
    const { agent } = await user();
    const star = await influencer(t);
    const res = await postForm(agent, `/influencers/${star}/follow`, {}, { 'HX-Request': 'true' });
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`^<form method="post" action="/influencers/${star}/unfollow"`));
    assert.match(res.text, /1 follower<\/span>/);
    assert.match(res.text, /aria-pressed="true">Unfollow/);
    const back = await postForm(agent, `/influencers/${star}/unfollow`, {}, { 'HX-Request': 'true' });
    assert.match(back.text, new RegExp(`action="/influencers/${star}/follow"`));
    assert.match(back.text, /0 followers/);
    assert.equal(await followers(star), 0);
  });

  it('is idempotent: following twice or unfollowing someone not followed changes nothing and shows no error', async () => {
    const { agent, id } = await user();
    const star = await influencer(t);
    await postForm(agent, `/influencers/${star}/follow`);
    const twice = await postForm(agent, `/influencers/${star}/follow`);
    assert.equal(twice.status, 303);
    assert.equal(await followers(star), 1);
    assert.deepEqual(await follows(id), [star]);
    const other = await influencer(t);
    const never = await postForm(agent, `/influencers/${other}/unfollow`);
    assert.equal(never.status, 303);
    assert.equal(await followers(other), 0);
  });

  it('answers 404 for someone who is not an influencer, or does not exist, and writes nothing', async () => {
    const { agent, id } = await user();
    for (const target of [await account(t, 'user'), (await sponsor(t)).id, 99_999_999]) {
      assert.equal((await postForm(agent, `/influencers/${target}/follow`)).status, 404);
    }
    assert.equal((await postForm(agent, '/influencers/abc/follow')).status, 404);
    assert.deepEqual(await follows(id), []);
  });

  it('is for users only', async () => {
    const star = await influencer(t);
    const brand = await sponsor(t);
    assert.equal((await postForm(brand.agent, `/influencers/${star}/follow`)).status, 403);
    assert.equal(await followers(star), 0);
  });
});

describe('GET /user (dashboard)', () => {
  it('lists the influencers I follow, each with unfollow, and says so when there are none', async () => {
    const { agent } = await user();
    assert.match((await agent.get('/user')).text, /You do not follow anyone yet/);
    const a = await influencer(t, { username: 'followed_a' });
    const b = await influencer(t, { username: 'followed_b' });
    await postForm(agent, `/influencers/${a}/follow`);
    await postForm(agent, `/influencers/${b}/follow`);
    const page = await agent.get('/user').expect(200);
    assert.match(page.text, /Influencers you follow <span class="count">\(2\)/);
    assert.match(page.text, new RegExp(`action="/influencers/${a}/unfollow"`));
    assert.match(page.text, new RegExp(`action="/influencers/${b}/unfollow"`));
    await postForm(agent, `/influencers/${a}/unfollow`, { return_to: '/user' });
    const after = await agent.get('/user');
    assert.match(after.text, /You no longer follow followed_a/);
    assert.doesNotMatch(after.text, new RegExp(`action="/influencers/${a}/unfollow"`));
    assert.match(after.text, new RegExp(`action="/influencers/${b}/unfollow"`));
  });
});

describe('GET /user/influencers', () => {
  it('searches like the sponsor’s search, with follow or unfollow on each card and counts everywhere', async () => {
    const { agent } = await user();
    const a = await influencer(t, { username: 'zz_runner', niche: 'ultra running', followers: 0 });
    await postForm(agent, `/influencers/${a}/follow`);
    const page = await agent.get('/user/influencers?niche=ultra').expect(200);
    assert.match(page.text, /zz_runner/);
    assert.match(page.text, /aria-pressed="true">Unfollow/);
    assert.match(page.text, /1 follower</);
    const brand = await sponsor(t);
    assert.match((await brand.agent.get('/sponsor/influencers?niche=ultra')).text, /<dt>Followers<\/dt><dd>1<\/dd>/);
    const fragment = await agent.get('/user/influencers?niche=ultra').set('HX-Request', 'true');
    assert.match(fragment.text, /^<section id="results"/);
  });
});
