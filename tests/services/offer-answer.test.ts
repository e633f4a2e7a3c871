// Rule: only the side an offer is addressed to answers it, once, while it is pending; accepting
// needs an open campaign with the budget left.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Conflict, Forbidden, NotFound } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

async function pendingOffer(overrides: { budgetCents?: number; campaignBudget?: number } = {}) {
  const { id: sponsorId } = await sponsor(app.t);
  const influencerId = await influencer(app.t);
  const campaignId = await campaign(app.t, sponsorId, { budgetCents: overrides.campaignBudget ?? 1_000_000 });
  const id = await offer(app.t, { campaignId, sponsorId, influencerId, status: 'pending', budgetCents: overrides.budgetCents ?? 100_000 });
  return { id, campaignId, sponsor: await viewerOf(app.t, sponsorId), influencer: await viewerOf(app.t, influencerId) };
}
const statusOf = async (id: number) => (await app.t.ctx.db('offers').where({ id }).first()).status;

describe('offers.answer', () => {
  it('accepts an offer addressed to the viewer, once', async () => {
    const o = await pendingOffer();
    assert.deepEqual(await app.t.ctx.services.offers.answer(o.influencer, o.id, 'accept'), { status: 'accepted', counterpartId: o.sponsor.id });
    assert.equal(await statusOf(o.id), 'accepted');
    await assert.rejects(app.t.ctx.services.offers.answer(o.influencer, o.id, 'reject'), Conflict);
    assert.equal(await statusOf(o.id), 'accepted');
  });

  it('refuses the offer’s author, and is NotFound for anyone else', async () => {
    const o = await pendingOffer();
    await assert.rejects(app.t.ctx.services.offers.answer(o.sponsor, o.id, 'accept'), Forbidden);
    await assert.rejects(app.t.ctx.services.offers.answer(await viewerOf(app.t, await influencer(app.t)), o.id, 'accept'), NotFound);
    assert.equal(await statusOf(o.id), 'pending');
  });

  it('refuses to answer an offer whose author is suspended', async () => {
    const o = await pendingOffer();
    await app.t.ctx.services.moderation.suspend(o.sponsor.id, 'Testing');
    await assert.rejects(app.t.ctx.services.offers.answer(o.influencer, o.id, 'accept'), (err: unknown) => err instanceof Forbidden && /not active/.test(err.message));
    assert.equal(await statusOf(o.id), 'pending');
  });

  it('refuses to accept more than the campaign has left, or on a flagged or ended campaign, saying what proposing says', async () => {
    const big = await pendingOffer({ budgetCents: 200_000, campaignBudget: 100_000 });
    await assert.rejects(app.t.ctx.services.offers.answer(big.influencer, big.id, 'accept'), (err: unknown) => err instanceof Conflict && /Only \$1,000\.00/.test(err.message));
    const flagged = await pendingOffer();
    await app.t.ctx.db('campaigns').where({ id: flagged.campaignId }).update({ flagged: true });
    await assert.rejects(app.t.ctx.services.offers.answer(flagged.influencer, flagged.id, 'accept'), (err: unknown) => err instanceof Conflict && /flagged by the admin and cannot receive offers/.test(err.message));
    const ended = await pendingOffer();
    await app.t.ctx.db('campaigns').where({ id: ended.campaignId }).update({ start_date: '2020-01-01', end_date: '2020-02-01' });
    await assert.rejects(app.t.ctx.services.offers.answer(ended.influencer, ended.id, 'accept'), (err: unknown) => err instanceof Conflict && /This campaign has ended/.test(err.message));
    assert.deepEqual([await statusOf(big.id), await statusOf(flagged.id), await statusOf(ended.id)], ['pending', 'pending', 'pending']);
    // Declining is always possible.
    assert.equal((await app.t.ctx.services.offers.answer(flagged.influencer, flagged.id, 'reject')).status, 'rejected');
  });
});

describe('offers.markPaid', () => {
  it('records the payment of an accepted collaboration once, by its own sponsor', async () => {
    const o = await pendingOffer();
    await assert.rejects(app.t.ctx.services.offers.markPaid(o.sponsor, o.id), Conflict);
    await app.t.ctx.services.offers.answer(o.influencer, o.id, 'accept');
    await assert.rejects(app.t.ctx.services.offers.markPaid(await viewerOf(app.t, (await sponsor(app.t)).id), o.id), NotFound);
    const first = await app.t.ctx.services.offers.markPaid(o.sponsor, o.id);
    assert.equal(first.newlyPaid, true);
    const again = await app.t.ctx.services.offers.markPaid(o.sponsor, o.id);
    assert.equal(again.newlyPaid, false);
    assert.equal(again.offer.paidAt, first.offer.paidAt);
  });
});
