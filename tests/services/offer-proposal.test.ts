// Rule: one proposal rule for the offer form, an influencer's request and a counter-offer in the
// chat (offers.propose): an approved sponsor, a campaign the two can negotiate over, open, with
// enough budget left, to an active counterpart. A new proposal supersedes the pending one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Forbidden, Invalid } from '../../src/errors';
import { OFFERS_NEED_APPROVAL } from '../../src/services/offers';
import { withTestApp } from '../support/app';
import { campaign, count, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

const proposal = (campaignId: number, budgetCents = 50_000) => ({ campaignId, budgetCents, terms: 'Two posts', body: '', via: 'form' as const });

/** Runs a proposal that must be refused with `error`, and checks nothing was written. */
async function refused(run: () => Promise<unknown>, check: (err: unknown) => boolean) {
  const before = [await count(app.t, 'offers'), await count(app.t, 'messages')];
  await assert.rejects(run, check);
  assert.deepEqual([await count(app.t, 'offers'), await count(app.t, 'messages')], before);
}

const invalid = (field: string, pattern: RegExp) => (err: unknown) => err instanceof Invalid && pattern.test(err.fields[field] ?? '');

describe('offers.propose', () => {
  it('sends a sponsor’s offer with its message, and a counter-offer supersedes it', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const creatorId = await influencer(app.t);
    const id = await campaign(app.t, sponsorId, { title: 'Boots' });
    const first = await app.t.ctx.services.offers.propose(await viewerOf(app.t, sponsorId), creatorId, proposal(id));
    const message = await app.t.ctx.db('messages').where({ offer_id: first.offerId }).first();
    assert.equal(message.body, 'New offer on “Boots”: $500.00.');
    const counter = await app.t.ctx.services.offers.propose(await viewerOf(app.t, creatorId), sponsorId, { ...proposal(id, 60_000), via: 'chat' });
    assert.equal((await app.t.ctx.db('offers').where({ id: first.offerId }).first()).status, 'superseded');
    assert.equal((await app.t.ctx.db('messages').where({ offer_id: counter.offerId }).first()).body, 'Offer: $600.00 for “Boots”.');
  });

  it('refuses a sponsor awaiting approval', async () => {
    const { id: sponsorId } = await sponsor(app.t, { approved: false });
    const id = await campaign(app.t, sponsorId, { visibility: 'private' });
    await refused(
      async () => app.t.ctx.services.offers.propose(await viewerOf(app.t, sponsorId), await influencer(app.t), proposal(id)),
      (err) => err instanceof Forbidden && err.message === OFFERS_NEED_APPROVAL,
    );
  });

  it('refuses another sponsor’s campaign, and an influencer’s offer on a private campaign they never negotiated', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const { id: otherId } = await sponsor(app.t);
    const creatorId = await influencer(app.t);
    const others = await campaign(app.t, otherId);
    await refused(async () => app.t.ctx.services.offers.propose(await viewerOf(app.t, sponsorId), creatorId, proposal(others)), invalid('campaign_id', /Choose one of your campaigns/));
    const hidden = await campaign(app.t, sponsorId, { visibility: 'private' });
    await refused(async () => app.t.ctx.services.offers.propose(await viewerOf(app.t, creatorId), sponsorId, proposal(hidden)), invalid('campaign_id', /Choose one of this sponsor’s campaigns/));
    // Once the sponsor has offered on it, the influencer may counter on it.
    await offer(app.t, { campaignId: hidden, sponsorId, influencerId: creatorId, status: 'pending' });
    await app.t.ctx.services.offers.propose(await viewerOf(app.t, creatorId), sponsorId, proposal(hidden));
  });

  it('refuses a flagged or ended campaign, and more than the budget left', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const me = await viewerOf(app.t, sponsorId);
    const creatorId = await influencer(app.t);
    const flagged = await campaign(app.t, sponsorId, { flagged: true });
    const ended = await campaign(app.t, sponsorId, { startDate: '2020-01-01', endDate: '2020-02-01' });
    const small = await campaign(app.t, sponsorId, { budgetCents: 100_000 });
    await refused(() => app.t.ctx.services.offers.propose(me, creatorId, proposal(flagged)), invalid('campaign_id', /flagged/));
    await refused(() => app.t.ctx.services.offers.propose(me, creatorId, proposal(ended)), invalid('campaign_id', /has ended/));
    await refused(() => app.t.ctx.services.offers.propose(me, creatorId, proposal(small, 100_001)), invalid('budget', /Only \$1,000\.00/));
  });

  it('refuses a suspended counterpart', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const creatorId = await influencer(app.t);
    const id = await campaign(app.t, sponsorId);
    await app.t.ctx.services.moderation.suspend(creatorId, 'Testing');
    await refused(async () => app.t.ctx.services.offers.propose(await viewerOf(app.t, sponsorId), creatorId, proposal(id)), (err) => err instanceof Forbidden && /not active/.test(err.message));
  });
});
