// Rule: a campaign's budget never drops below what its accepted offers already commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Invalid } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

describe('the budget floor', () => {
  it('refuses a budget below the committed amount and keeps the old one; the committed amount itself is fine', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const me = await viewerOf(app.t, sponsorId);
    const id = await campaign(app.t, sponsorId, { budgetCents: 500_000 });
    await offer(app.t, { campaignId: id, sponsorId, influencerId: await influencer(app.t), budgetCents: 300_000 });
    const edit = (budgetCents: number) =>
      app.t.ctx.services.campaigns.update(me, id, {
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
    assert.equal(Number((await app.t.ctx.db('campaigns').where({ id }).first()).budget_cents), 500_000);
    await edit(300_000);
    assert.equal(Number((await app.t.ctx.db('campaigns').where({ id }).first()).budget_cents), 300_000);
  });
});
