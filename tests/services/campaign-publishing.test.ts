// Rule: only an approved sponsor publishes. A sponsor awaiting approval may prepare private
// campaigns, and none of create, update or the visibility toggle makes one public.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Forbidden, Invalid } from '../../src/errors';
import { PUBLISHING_NEEDS_APPROVAL } from '../../src/services/campaigns';
import { withTestApp } from '../support/app';
import { campaign, inDays, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

const input = (visibility: 'public' | 'private') => ({
  title: 'Launch',
  description: '',
  niche: null,
  startDate: inDays(1),
  endDate: inDays(30),
  budgetCents: 100_000,
  visibility,
  goals: '',
});

const visibilityOf = async (id: number) => (await app.t.ctx.db('campaigns').where({ id }).first()).visibility;

describe('publishing a campaign', () => {
  it('refuses a public campaign from a sponsor awaiting approval, and keeps a private one', async () => {
    const pending = await viewerOf(app.t, (await sponsor(app.t, { approved: false })).id);
    await assert.rejects(app.t.ctx.services.campaigns.create(pending, input('public')), (err: unknown) => {
      assert.ok(err instanceof Invalid);
      assert.deepEqual(err.fields, { visibility: PUBLISHING_NEEDS_APPROVAL });
      return true;
    });
    assert.equal(await app.t.ctx.db('campaigns').where({ sponsor_id: pending.id }).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
    const id = await app.t.ctx.services.campaigns.create(pending, input('private'));
    assert.equal(await visibilityOf(id), 'private');
  });

  it('refuses to make it public by editing or by the toggle until the sponsor is approved', async () => {
    const { id: sponsorId } = await sponsor(app.t, { approved: false });
    const pending = await viewerOf(app.t, sponsorId);
    const id = await campaign(app.t, sponsorId, { visibility: 'private' });
    await assert.rejects(app.t.ctx.services.campaigns.update(pending, id, input('public')), Invalid);
    await assert.rejects(app.t.ctx.services.campaigns.toggleVisibility(pending, id), Forbidden);
    assert.equal(await visibilityOf(id), 'private');

    await app.t.ctx.services.moderation.approve(sponsorId);
    const approved = await viewerOf(app.t, sponsorId);
    assert.equal((await app.t.ctx.services.campaigns.toggleVisibility(approved, id)).campaign.visibility, 'public');
    assert.equal(await visibilityOf(id), 'public');
  });

  it('lets a sponsor awaiting approval take a campaign private', async () => {
    const { id: sponsorId } = await sponsor(app.t, { approved: false });
    const id = await campaign(app.t, sponsorId, { visibility: 'public' });
    assert.equal((await app.t.ctx.services.campaigns.toggleVisibility(await viewerOf(app.t, sponsorId), id)).campaign.visibility, 'private');
  });
});
