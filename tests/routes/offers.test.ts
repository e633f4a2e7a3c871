import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../support/app';
import { account, campaign, count, inDays, influencer, offer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function offerFields(campaignId: number, influencerId: number, overrides: Record<string, string> = {}) {
  return {
    campaign_id: String(campaignId),
    influencer_id: String(influencerId),
    budget: '750',
    terms: 'Two posts and a story',
    body: 'We love your trail videos!',
    ...overrides,
  };
}

describe('GET /offers/new', () => {
  it('offers the sponsor’s campaigns that can take an offer, with what is left of each', async () => {
    const { agent, id } = await sponsor(t);
    const open = await campaign(t, id, { title: 'Open one', budgetCents: 300_000 });
    await campaign(t, id, { title: 'Flagged one', flagged: true });
    await campaign(t, id, { title: 'Over one', startDate: inDays(-30), endDate: inDays(-1) });
    await offer(t, { campaignId: open, sponsorId: id, influencerId: await influencer(t), budgetCents: 100_000 });
    const influencerId = await influencer(t);
    const res = await agent.get(`/offers/new?influencer_id=${influencerId}`).expect(200);
    assert.match(res.text, /Open one \(\$2,000\.00 left\)/);
    assert.doesNotMatch(res.text, /Flagged one/);
    assert.doesNotMatch(res.text, /Over one/);
  });

  it('answers 404 for someone who is not an influencer, and 403 to a sponsor awaiting approval', async () => {
    const { agent } = await sponsor(t);
    assert.equal((await agent.get(`/offers/new?influencer_id=${await account(t, 'user')}`)).status, 404);
    assert.equal((await agent.get('/offers/new?influencer_id=nope')).status, 404);
    const pending = await sponsor(t, { approved: false });
    const res = await pending.agent.get(`/offers/new?influencer_id=${await influencer(t)}`);
    assert.equal(res.status, 403);
    assert.match(res.text, /awaits the admin’s approval/);
  });
});

describe('POST /offers', () => {
  it('opens a pending offer and the first chat message that carries it', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const influencerId = await influencer(t);
    const res = await postForm(agent, '/offers', offerFields(campaignId, influencerId, { budget: '750.25' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/campaigns/${campaignId}`);
    const saved = await t.ctx.db('offers').where({ campaign_id: campaignId }).first();
    assert.deepEqual(
      [saved.status, Number(saved.budget_cents), saved.influencer_id, saved.proposed_by, saved.terms],
      ['pending', 75025, influencerId, id, 'Two posts and a story'],
    );
    const conversation = await t.ctx.db('conversations').where({ sponsor_id: id, influencer_id: influencerId }).first();
    const message = await t.ctx.db('messages').where({ conversation_id: conversation.id }).first();
    assert.deepEqual([message.sender_id, message.recipient_id, message.body, message.offer_id, message.seen_at], [
      id,
      influencerId,
      'We love your trail videos!',
      saved.id,
      null,
    ]);
    assert.equal(conversation.last_message_id, message.id);
    const page = await agent.get(`/campaigns/${campaignId}`);
    assert.match(page.text, /Offer sent to/);
    assert.match(page.text, /\$750\.25/);
  });

  it('writes a message of its own when none is given', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { title: 'Quiet one' });
    const influencerId = await influencer(t);
    await postForm(agent, '/offers', offerFields(campaignId, influencerId, { body: '' }));
    const message = await t.ctx.db('messages').where({ recipient_id: influencerId }).first();
    assert.equal(message.body, 'New offer on “Quiet one”: $750.00.');
  });

  it('supersedes the pending offer it replaces', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const influencerId = await influencer(t);
    await postForm(agent, '/offers', offerFields(campaignId, influencerId, { budget: '500' }));
    await postForm(agent, '/offers', offerFields(campaignId, influencerId, { budget: '600' }));
    const offers = await t.ctx.db('offers').where({ campaign_id: campaignId }).orderBy('id');
    assert.deepEqual(offers.map((o) => o.status), ['superseded', 'pending']);
    assert.equal(offers[0].superseded_by, offers[1].id);
    assert.equal(await count(t, 'conversations', { sponsor_id: id, influencer_id: influencerId }), 1);
    assert.equal(await count(t, 'messages', { recipient_id: influencerId }), 2);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    async function expectNothingWritten(sponsorId: number, run: () => Promise<{ status: number; text: string }>, status: number, message: RegExp) {
      const before = [await count(t, 'offers', { sponsor_id: sponsorId }), await count(t, 'messages', { sender_id: sponsorId })];
      const res = await run();
      assert.equal(res.status, status);
      assert.match(res.text, message);
      assert.deepEqual([await count(t, 'offers', { sponsor_id: sponsorId }), await count(t, 'messages', { sender_id: sponsorId })], before);
    }

    it('an offer on another sponsor’s campaign', async () => {
      const { agent, id } = await sponsor(t);
      const others = await campaign(t, (await sponsor(t)).id);
      const influencerId = await influencer(t);
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(others, influencerId)), 422, /Choose one of your campaigns/);
    });

    it('an offer on a flagged campaign', async () => {
      const { agent, id } = await sponsor(t);
      const flagged = await campaign(t, id, { flagged: true });
      await expectNothingWritten(id, async () => postForm(agent, '/offers', offerFields(flagged, await influencer(t))), 422, /flagged by the admin/);
    });

    it('an offer on a campaign that is over', async () => {
      const { agent, id } = await sponsor(t);
      const over = await campaign(t, id, { startDate: inDays(-20), endDate: inDays(-1) });
      await expectNothingWritten(id, async () => postForm(agent, '/offers', offerFields(over, await influencer(t))), 422, /has ended/);
    });

    it('an offer to someone who is not an influencer', async () => {
      const { agent, id } = await sponsor(t);
      const campaignId = await campaign(t, id);
      const user = await account(t, 'user');
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, user)), 404, /influencer does not exist/);
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, id)), 404, /influencer does not exist/);
    });

    it('an offer to a suspended influencer', async () => {
      const { agent, id } = await sponsor(t);
      const campaignId = await campaign(t, id);
      const suspended = await influencer(t);
      await t.ctx.db('users').where({ id: suspended }).update({ status: 'suspended' });
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, suspended)), 404, /influencer does not exist/);
    });

    it('a budget that is not a positive amount, or more than is left', async () => {
      const { agent, id } = await sponsor(t);
      const campaignId = await campaign(t, id, { budgetCents: 100_000 });
      const influencerId = await influencer(t);
      for (const budget of ['0', '-5', 'free', '']) {
        await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, influencerId, { budget })), 422, /Budget (must be a positive amount|is required)/);
      }
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, influencerId, { budget: '1000.01' })), 422, /Only \$1,000\.00 of this campaign’s budget is left/);
    });

    it('missing terms, keeping what was typed', async () => {
      const { agent, id } = await sponsor(t);
      const campaignId = await campaign(t, id);
      const influencerId = await influencer(t);
      await expectNothingWritten(id, () => postForm(agent, '/offers', offerFields(campaignId, influencerId, { terms: '' })), 422, /Terms is required[\s\S]*We love your trail videos!/);
    });

    it('a sponsor awaiting approval', async () => {
      const { agent, id } = await sponsor(t, { approved: false });
      const campaignId = await campaign(t, id, { visibility: 'private' });
      await expectNothingWritten(id, async () => postForm(agent, '/offers', offerFields(campaignId, await influencer(t))), 403, /awaits the admin’s approval/);
    });
  });
});

describe('POST /offers/:id/paid', () => {
  it('records the payment of an accepted collaboration, once', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const offerId = await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t) });
    const res = await postForm(agent, `/offers/${offerId}/paid`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/campaigns/${campaignId}`);
    const paidAt = (await t.ctx.db('offers').where({ id: offerId }).first()).paid_at;
    assert.ok(paidAt);
    const again = await postForm(agent, `/offers/${offerId}/paid`);
    assert.equal(again.status, 303);
    assert.equal((await t.ctx.db('offers').where({ id: offerId }).first()).paid_at, paidAt);
    assert.match((await agent.get(`/campaigns/${campaignId}`)).text, /already marked paid/);
  });

  it('answers htmx with the collaboration row, now paid', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const offerId = await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t) });
    const res = await postForm(agent, `/offers/${offerId}/paid`, {}, { 'HX-Request': 'true' });
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`^<li class="collab" id="collab-${offerId}">`));
    assert.match(res.text, /badge-paid/);
  });

  it('refuses a pending offer (409) and another sponsor’s offer (404)', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const pending = await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), status: 'pending' });
    const res = await postForm(agent, `/offers/${pending}/paid`);
    assert.equal(res.status, 409);
    assert.match(res.text, /Only an accepted collaboration/);
    const other = await sponsor(t);
    const accepted = await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t) });
    assert.equal((await postForm(other.agent, `/offers/${accepted}/paid`)).status, 404);
    assert.equal((await postForm(agent, '/offers/999999/paid')).status, 404);
    assert.equal(await count(t, 'offers', { campaign_id: campaignId, paid_at: null }), 2);
  });

  it('shows in the campaign’s progress as paid', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const offerId = await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t) });
    await postForm(agent, `/offers/${offerId}/paid`);
    const progress = (await t.ctx.services.campaigns.get(campaignId))!.progress;
    assert.deepEqual([progress.committedCents, progress.paidCents, progress.influencers], [100_000, 100_000, 1]);
  });
});
