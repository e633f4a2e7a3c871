// Search counts stay cheap at any size: a search counts its matches up to 1,000 (or five pages past
// the one shown) and says "1,000+" beyond, with a Next link for as long as there are results.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SEARCH_COUNT_CAP } from '../../src/services/influencers';
import { withTestApp } from '../support/app';
import { sponsor } from '../support/factories';

const app = withTestApp();
const MANY = SEARCH_COUNT_CAP + 50;


describe('the influencer search’s count', () => {
  before(async () => {
    // Many influencers in one niche, written in bulk (one by one would take a minute).
    const db = app.t.ctx.db;
    const at = Date.now();
    for (let start = 0; start < MANY; start += 250) {
      const names = Array.from({ length: Math.min(250, MANY - start) }, (_, i) => `crowd_${start + i}`);
      const ids: { id: number }[] = await db('users')
        .insert(names.map((username) => ({ role: 'influencer', username, email: `${username}@example.com`, phone: '', password_hash: 'x', status: 'active', created_at: at, updated_at: at })))
        .returning('id');
      await db('influencer_profiles').insert(ids.map(({ id }, i) => ({ user_id: id, category: 'Travel', niche: 'crowdedniche', follower_count: i })));
    }
  });

  it('stops at the cap: "1,000+", pages "50+", and Next goes on', async () => {
    const found = await app.t.ctx.services.influencers.search({ q: '', category: '', niche: 'crowdedniche', sort: 'followers', page: 1 });
    assert.deepEqual([found.total, found.atLeast], [SEARCH_COUNT_CAP, true]);
    const brand = await sponsor(app.t);
    const page = (await brand.agent.get('/sponsor/influencers?niche=crowdedniche').expect(200)).text;
    assert.match(page, /1,000\+ influencers/);
    assert.match(page, /Page 1 of 50\+/);
    assert.match(page, /href="\/sponsor\/influencers\?niche=crowdedniche&amp;sort=followers&amp;page=2"/);
    // Page 50 still offers page 51, which is there.
    const fifty = (await brand.agent.get('/sponsor/influencers?niche=crowdedniche&page=50').expect(200)).text;
    assert.match(fifty, /page=51"/);
    const last = (await brand.agent.get('/sponsor/influencers?niche=crowdedniche&page=53').expect(200)).text;
    // Deep enough that the count reaches every match: exact again, and no Next past the end.
    assert.match(last, /1,050 influencers/);
    assert.match(last, /Page 53 of 53/);
    assert.doesNotMatch(last, /rel="next"/);
  });

  it('is exact below the cap', async () => {
    const found = await app.t.ctx.services.influencers.search({ q: 'crowd_10', category: '', niche: '', sort: 'followers', page: 1 });
    // crowd_10, crowd_100…crowd_109, crowd_1000…crowd_1049
    assert.deepEqual([found.total, found.atLeast], [1 + 10 + 50, false]);
  });
});
