// Rule: who may open a campaign (campaigns.getForViewer): its sponsor and admins always;
// influencers only a public, unflagged campaign of an active sponsor; nobody else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFound } from '../../src/errors';
import { abilities } from '../../src/services/campaigns';
import { createTestApp, type TestApp } from '../support/app';
import { account, campaign, influencer, sponsor, viewerOf } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('campaigns.getForViewer', () => {
  it('shows a campaign to its sponsor and admins, whatever its state', async () => {
    const owner = await sponsor(t);
    const admin = await viewerOf(t, await account(t, 'admin'));
    for (const state of [{ visibility: 'private' as const }, { flagged: true }, {}]) {
      const id = await campaign(t, owner.id, state);
      assert.equal((await t.ctx.services.campaigns.getForViewer(await viewerOf(t, owner.id), id)).id, id);
      assert.equal((await t.ctx.services.campaigns.getForViewer(admin, id)).id, id);
    }
  });

  it('shows influencers only public, unflagged campaigns of active sponsors', async () => {
    const owner = await sponsor(t);
    const creator = await viewerOf(t, await influencer(t));
    const open = await campaign(t, owner.id);
    assert.equal((await t.ctx.services.campaigns.getForViewer(creator, open)).id, open);
    const hidden = [await campaign(t, owner.id, { visibility: 'private' }), await campaign(t, owner.id, { flagged: true })];
    for (const id of hidden) await assert.rejects(t.ctx.services.campaigns.getForViewer(creator, id), NotFound);
    await t.ctx.services.users.suspend(owner.id, 'Testing');
    await assert.rejects(t.ctx.services.campaigns.getForViewer(creator, open), NotFound);
  });

  it('hides a campaign from another sponsor, a user, and answers NotFound for one that does not exist', async () => {
    const owner = await sponsor(t);
    const id = await campaign(t, owner.id);
    const other = await viewerOf(t, (await sponsor(t)).id);
    const user = await viewerOf(t, await account(t, 'user'));
    await assert.rejects(t.ctx.services.campaigns.getForViewer(other, id), NotFound);
    await assert.rejects(t.ctx.services.campaigns.getForViewer(user, id), NotFound);
    await assert.rejects(t.ctx.services.campaigns.getOwn(other, id), NotFound);
    await assert.rejects(t.ctx.services.campaigns.getForViewer(other, 999_999), NotFound);
  });

  it('lets an influencer ask to join only a campaign it can see that is not over', async () => {
    const owner = await sponsor(t);
    const creator = await viewerOf(t, await influencer(t));
    const ended = await campaign(t, owner.id, { startDate: '2020-01-01', endDate: '2020-02-01' });
    const open = await campaign(t, owner.id);
    assert.equal((await t.ctx.services.campaigns.getRequestable(creator, open)).id, open);
    await assert.rejects(t.ctx.services.campaigns.getRequestable(creator, ended), NotFound);
  });

  it('says what the viewer may do with it, for the templates', async () => {
    const owner = await sponsor(t);
    const id = await campaign(t, owner.id);
    const c = (await t.ctx.services.campaigns.get(id))!;
    const admin = await viewerOf(t, await account(t, 'admin'));
    const creator = await viewerOf(t, await influencer(t));
    assert.deepEqual(abilities(await viewerOf(t, owner.id), c), { manage: true, publish: true, seeOffers: true, seeFlag: true, request: false });
    assert.deepEqual(abilities(admin, c), { manage: false, publish: false, seeOffers: true, seeFlag: true, request: false });
    assert.deepEqual(abilities(creator, c), { manage: false, publish: false, seeOffers: false, seeFlag: false, request: true });
  });
});
