// Rule: only an active account can be reached (domain.ts's reachable, the one check): nobody writes
// to a suspended account or a sponsor not approved, sends it an offer, answers its offers, or sees
// its campaigns; once restored, all of it works again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Forbidden, NotFound } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

describe('reaching an account', () => {
  it('is refused while it is suspended or not approved, on every path, and works once it is active', async () => {
    const t = app.t;
    const { services } = t.ctx;
    const brandId = (await sponsor(t)).id;
    const creatorId = await influencer(t);
    const brandsCampaign = await campaign(t, brandId);
    const pendingFromBrand = await offer(t, { campaignId: brandsCampaign, sponsorId: brandId, influencerId: creatorId, status: 'pending' });
    const pendingFromCreator = await offer(t, { campaignId: await campaign(t, brandId), sponsorId: brandId, influencerId: creatorId, status: 'pending' });
    await t.ctx.db('offers').where({ id: pendingFromCreator }).update({ proposed_by: creatorId });
    const proposal = { campaignId: brandsCampaign, budgetCents: 10_000, terms: 'One post', body: '', via: 'form' as const };

    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (err: unknown) => (err instanceof Forbidden ? 'refused' : err instanceof NotFound ? 'missing' : `failed: ${String(err)}`),
      );
    const writeTo = async (meId: number, otherId: number) => {
      const me = await viewerOf(t, meId);
      return services.messages.write(me, (await services.messages.counterpart(me, otherId))!, 'Hello');
    };
    /** What the active side can still do to the other, as the services answer. */
    const toCreator = async () => ({
      write: await outcome(writeTo(brandId, creatorId)),
      answer: await outcome(services.offers.answer(await viewerOf(t, brandId), pendingFromCreator, 'accept')),
      offer: await outcome(services.offers.propose(await viewerOf(t, brandId), creatorId, proposal)),
    });
    const toBrand = async () => ({
      write: await outcome(writeTo(creatorId, brandId)),
      answer: await outcome(services.offers.answer(await viewerOf(t, creatorId), pendingFromBrand, 'accept')),
      campaign: await outcome(services.campaigns.getForViewer(await viewerOf(t, creatorId), brandsCampaign)),
    });

    await services.moderation.suspend(creatorId, 'Spam');
    assert.deepEqual(await toCreator(), { write: 'refused', answer: 'refused', offer: 'refused' });
    await services.moderation.restore(creatorId);

    await services.moderation.suspend(brandId, 'Spam');
    assert.deepEqual(await toBrand(), { write: 'refused', answer: 'refused', campaign: 'missing' });
    await services.moderation.restore(brandId);

    // A sponsor awaiting approval is not reached either.
    const pendingBrand = (await sponsor(t, { approved: false })).id;
    assert.equal(await outcome(writeTo(creatorId, pendingBrand)), 'refused');

    assert.deepEqual(await toBrand(), { write: 'ok', answer: 'ok', campaign: 'ok' });
    assert.deepEqual(await toCreator(), { write: 'ok', answer: 'ok', offer: 'ok' });
  });
});
