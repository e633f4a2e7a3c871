// Rule: a sponsor acts in the marketplace (publishes, sends offers, writes to influencers) only
// once the admin approved it: one check (`vetted` in src/domain.ts) behind all three. Awaiting
// approval or turned down, each is refused and nothing is written; approved, each works.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vetted } from '../../src/domain';
import { Forbidden, Invalid } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, campaignInput, count, inDays, influencer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();


async function attempts(sponsorId: number) {
  const t = app.t;
  const me = await viewerOf(t, sponsorId);
  const creatorId = await influencer(t);
  const { username } = await t.ctx.db('users').where({ id: creatorId }).first();
  const campaignId = await campaign(t, sponsorId, { visibility: 'private' });
  return {
    publish: () => t.ctx.services.campaigns.create(me, campaignInput({ visibility: 'public', startDate: inDays(1), endDate: inDays(30) })),
    offer: () => t.ctx.services.offers.propose(me, creatorId, { campaignId, budgetCents: 10_000, terms: 'One post', body: '', via: 'form' }),
    write: () => t.ctx.services.messages.write(me, { id: creatorId, username, role: 'influencer', active: true, publicProfile: null }, 'Hello'),
  };
}

describe('a sponsor’s approval', () => {
  it('is the one check: pending and turned down are not vetted, active is', () => {
    assert.deepEqual(['pending', 'rejected', 'suspended', 'active'].map((status) => vetted({ status: status as never })), [false, false, false, true]);
  });

  for (const status of ['pending', 'rejected'] as const) {
    it(`refuses publishing, offers and writing to a sponsor ${status === 'pending' ? 'awaiting approval' : 'turned down'}, writing nothing`, async () => {
      const { id } = await sponsor(app.t, { approved: false });
      await app.t.ctx.db('users').where({ id }).update({ status });
      const { publish, offer, write } = await attempts(id);
      const before = [await count(app.t, 'campaigns', { visibility: 'public' }), await count(app.t, 'offers'), await count(app.t, 'messages')];
      await assert.rejects(publish, Invalid);
      await assert.rejects(offer, Forbidden);
      await assert.rejects(write, Forbidden);
      assert.deepEqual([await count(app.t, 'campaigns', { visibility: 'public' }), await count(app.t, 'offers'), await count(app.t, 'messages')], before);
    });
  }

  it('lets an approved sponsor do all three', async () => {
    const { id } = await sponsor(app.t);
    const { publish, offer, write } = await attempts(id);
    assert.ok((await publish()) > 0);
    await offer();
    assert.ok((await write()) > 0);
  });
});
