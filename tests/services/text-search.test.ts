// The free-text search ("q") finds what was just written: on SQLite it reads full-text tables that
// triggers keep in step with every insert, rename, profile change and deletion.
import { createStore } from '../../src/changes';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignsService } from '../../src/services/campaigns';
import { influencersService, type InfluencerQuery } from '../../src/services/influencers';
import { createTestApp, type TestApp } from '../support/app';
import { asSponsor, campaign, influencer, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function findInfluencers(q: string): Promise<string[]> {
  const query: InfluencerQuery = { q, category: '', niche: '', sort: 'followers', page: 1 };
  // Straight from the database: the cache in front of it is tested elsewhere.
  return (await influencersService(createStore(t.ctx.db)).search(query)).influencers.map((i) => i.username).sort();
}

describe('free-text search of influencers', () => {
  it('matches name, niche and category anywhere, in any case, and follows every change', async () => {
    const id = await influencer(t, { username: 'trailrunner_kay', niche: 'Ultra Marathons', category: 'Sports' });
    assert.deepEqual(await findInfluencers('RUNNER'), ['trailrunner_kay']);
    assert.deepEqual(await findInfluencers('marath'), ['trailrunner_kay']);

    await t.ctx.services.users.updateProfile(id, 'influencer', { username: 'kay_climbs', phone: '', category: 'Travel', niche: 'bouldering' });
    assert.deepEqual(await findInfluencers('runner'), []);
    assert.deepEqual(await findInfluencers('marath'), []);
    assert.deepEqual(await findInfluencers('climbs'), ['kay_climbs']);
    assert.deepEqual(await findInfluencers('boulder'), ['kay_climbs']);

    assert.ok(await t.ctx.services.moderation.deleteAccount(id));
    assert.deepEqual(await findInfluencers('boulder'), []);
  });

  it('takes LIKE wildcards in a term literally', async () => {
    await influencer(t, { username: 'percent_pam', niche: '100% vegan' });
    await influencer(t, { username: 'plain_pat', niche: '1000 vegan recipes' });
    await influencer(t, { username: 'under_score' });
    await influencer(t, { username: 'underxscore' });
    assert.deepEqual(await findInfluencers('100%'), ['percent_pam']);
    assert.deepEqual(await findInfluencers('r_s'), ['under_score']);
  });
});

describe('free-text search of campaigns', () => {
  it('matches title, description and niche, and follows edits and deletion', async () => {
    const brand = await sponsor(t);
    const id = await campaign(t, brand.id, { title: 'Glacier Walk', description: 'Crampons and ropes', niche: 'alpinism' });
    const titles = async (q: string) =>
      (await campaignsService(createStore(t.ctx.db)).searchPublic({ q, niche: '', sort: 'start', order: 'desc', page: 1 })).campaigns.map((c) => c.title);
    assert.deepEqual(await titles('glacier'), ['Glacier Walk']);
    assert.deepEqual(await titles('CRAMPON'), ['Glacier Walk']);
    assert.deepEqual(await titles('alpin'), ['Glacier Walk']);
    await t.ctx.services.campaigns.update(asSponsor(brand.id), id, {
      title: 'Desert Walk',
      description: 'Sun hats',
      niche: 'deserts',
      startDate: '2026-11-01',
      endDate: '2099-01-01',
      budgetCents: 100_000,
      visibility: 'public',
      goals: '',
    });
    assert.deepEqual(await titles('glacier'), []);
    assert.deepEqual(await titles('sun hat'), ['Desert Walk']);
    assert.ok(await t.ctx.services.campaigns.remove(asSponsor(brand.id), id));
    assert.deepEqual(await titles('desert'), []);
  });
});
