// The influencer search's creator filters and sorts: platform and followers on it, a price for a
// kind of work, language, country, open now; sorted by followers on a platform, engagement, price.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PlatformInput } from '../../src/creators';
import { uniqueName, withTestApp } from '../support/app';
import { influencer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();
let agent: Awaited<ReturnType<typeof sponsor>>['agent'];
const niche = uniqueName('filtered');
const names = {} as Record<'ana' | 'ben' | 'cai' | 'dee', string>;

async function creator(key: keyof typeof names, platforms: Omit<PlatformInput, 'handle'>[], rates: Partial<Record<string, number>>, profile: Record<string, string>) {
  names[key] = uniqueName(key);
  const id = await influencer(app.t, { username: names[key], niche });
  const viewer = await viewerOf(app.t, id);
  for (const p of platforms) await app.t.ctx.services.creators.addPlatform(viewer, { ...p, handle: `${key}${p.platform}` });
  await app.t.ctx.services.creators.saveRates(viewer, { post: null, short: null, story: null, video: null, live: null, blog: null, ...rates });
  await app.t.ctx.db('influencer_profiles').where({ user_id: id }).update(profile);
}


/** The names on the results page, in order (only this file's creators: they share a niche). */
async function found(params: string): Promise<string[]> {
  const res = await agent.get(`/sponsor/influencers?niche=${niche}&${params}`).expect(200);
  const byName = new Map(Object.entries(names).map(([k, v]) => [v, k]));
  return [...res.text.matchAll(/<h3><a href="\/@([^"]+)">/g)].map((m) => byName.get(m[1]!)).filter((k): k is string => !!k);
}

describe('the influencer search by creator figures', () => {
  before(async () => {
    ({ agent } = await sponsor(app.t));
    await creator('ana', [{ platform: 'instagram', followers: 50_000, avgViews: 9_000, engagementBp: 300 }], { post: 40_000 }, { languages: ',en,es,', country: 'ES' });
    await creator('ben', [{ platform: 'instagram', followers: 8_000, avgViews: 2_000, engagementBp: 700 }, { platform: 'youtube', followers: 90_000, avgViews: 30_000, engagementBp: 200 }], { post: 15_000, video: 90_000 }, { languages: ',en,', country: 'GB', availability: 'busy', busy_until: '2099-01-01' });
    await creator('cai', [{ platform: 'tiktok', followers: 120_000, avgViews: 60_000, engagementBp: 900 }], { short: 25_000 }, { languages: ',de,', country: 'AT' });
    await creator('dee', [], {}, { languages: ',en,', country: 'GB', availability: 'busy', busy_until: '2020-01-01' });
  });

  it('filters by platform and followers on it', async () => {
    assert.deepEqual(await found('platform=instagram'), ['ana', 'ben']);
    assert.deepEqual(await found('platform=instagram&min_followers=10,000'), ['ana']);
    assert.deepEqual(await found('platform=youtube&min_followers=10000&max_followers=100000'), ['ben']);
    assert.deepEqual(await found('min_followers=100000'), ['cai']);
  });

  it('filters by a price for a kind of work, and by any price', async () => {
    assert.deepEqual(await found('price_kind=post&max_price=200'), ['ben']);
    assert.deepEqual(await found('max_price=250'), ['ben', 'cai']);
    assert.deepEqual(await found('price_kind=video&max_price=1000'), ['ben']);
  });

  it('filters by language, country and who is open to work now', async () => {
    assert.deepEqual((await found('language=en')).sort(), ['ana', 'ben', 'dee']);
    assert.deepEqual((await found('country=GB')).sort(), ['ben', 'dee']);
    assert.deepEqual((await found('country=united+kingdom')).sort(), ['ben', 'dee'], 'a country by its name');
    // ben is busy until 2099; dee's busy date has passed.
    assert.deepEqual((await found('available=yes')).sort(), ['ana', 'cai', 'dee']);
  });

  it('sorts by followers on a platform, by engagement and by price, those without the figure last', async () => {
    assert.deepEqual(await found('platform=youtube&sort=followers'), ['ben']);
    assert.deepEqual(await found('sort=engagement'), ['cai', 'ben', 'ana', 'dee']);
    assert.deepEqual(await found('sort=price'), ['ben', 'cai', 'ana', 'dee']);
    assert.deepEqual(await found('sort=price&price_kind=post'), ['ben', 'ana', 'cai', 'dee']);
  });

  it('ignores filter values it cannot read, and keeps the filters in the page links', async () => {
    assert.deepEqual((await found('platform=myspace&min_followers=lots&max_price=-5&language=xx&country=ZZ&available=maybe')).sort(), ['ana', 'ben', 'cai', 'dee']);
    const res = await agent.get(`/sponsor/influencers?niche=${niche}&platform=instagram&max_price=199.5`).expect(200);
    assert.match(res.text, /<option value="instagram" selected>Instagram<\/option>/);
    assert.match(res.text, /name="max_price" value="199.50"/);
  });
});
