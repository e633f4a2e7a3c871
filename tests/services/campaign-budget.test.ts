// Rule: a campaign's budget never drops below what its accepted offers already commit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Invalid } from '../../src/errors';
import { createTestApp, type TestApp } from '../support/app';
import { campaign, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('the budget floor', () => {
  it('refuses a budget below the committed amount and keeps the old one; the committed amount itself is fine', async () => {
    const { id: sponsorId } = await sponsor(t);
    const me = await viewerOf(t, sponsorId);
    const id = await campaign(t, sponsorId, { budgetCents: 500_000 });
    await offer(t, { campaignId: id, sponsorId, influencerId: await influencer(t), budgetCents: 300_000 });
    const edit = (budgetCents: number) =>
      t.ctx.services.campaigns.update(me, id, {
        title: 'Edited',
        description: '',
        niche: null,
        startDate: inDays(-5),
        endDate: inDays(25),
        budgetCents,
        visibility: 'public',
        goals: '',
      });
    await assert.rejects(edit(299_999), (err: unknown) => err instanceof Invalid && /already commit \$3,000\.00/.test(err.fields.budget ?? ''));
    assert.equal(Number((await t.ctx.db('campaigns').where({ id }).first()).budget_cents), 500_000);
    await edit(300_000);
    assert.equal(Number((await t.ctx.db('campaigns').where({ id }).first()).budget_cents), 300_000);
  });
});
