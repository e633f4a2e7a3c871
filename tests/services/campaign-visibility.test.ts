// Rule: who may open a campaign (campaigns.getForViewer): its sponsor and admins always;
// influencers only a public, unflagged campaign of an active sponsor; nobody else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFound } from '../../src/errors';
import { abilities } from '../../src/services/campaigns';
import { withTestApp } from '../support/app';
import { account, campaign, influencer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

describe('campaigns.getForViewer', () => {
  it('shows a campaign to its sponsor and admins, whatever its state', async () => {
    const owner = await sponsor(app.t);
    const admin = await viewerOf(app.t, await account(app.t, 'admin'));
    for (const state of [{ visibility: 'private' as const }, { flagged: true }, {}]) {
      const id = await campaign(app.t, owner.id, state);
      assert.equal((await app.t.ctx.services.campaigns.getForViewer(await viewerOf(app.t, owner.id), id)).id, id);
      assert.equal((await app.t.ctx.services.campaigns.getForViewer(admin, id)).id, id);
    }
  });

  it('shows influencers only public, unflagged campaigns of active sponsors', async () => {
    const owner = await sponsor(app.t);
    const creator = await viewerOf(app.t, await influencer(app.t));
    const open = await campaign(app.t, owner.id);
    assert.equal((await app.t.ctx.services.campaigns.getForViewer(creator, open)).id, open);
    const hidden = [await campaign(app.t, owner.id, { visibility: 'private' }), await campaign(app.t, owner.id, { flagged: true })];
    for (const id of hidden) await assert.rejects(app.t.ctx.services.campaigns.getForViewer(creator, id), NotFound);
    await app.t.ctx.services.moderation.suspend(owner.id, 'Testing');
    await assert.rejects(app.t.ctx.services.campaigns.getForViewer(creator, open), NotFound);
  });

  it('hides a campaign from another sponsor, a user, and answers NotFound for one that does not exist', async () => {
    const owner = await sponsor(app.t);
    const id = await campaign(app.t, owner.id);
    const other = await viewerOf(app.t, (await sponsor(app.t)).id);
    const user = await viewerOf(app.t, await account(app.t, 'user'));
    await assert.rejects(app.t.ctx.services.campaigns.getForViewer(other, id), NotFound);
    await assert.rejects(app.t.ctx.services.campaigns.getForViewer(user, id), NotFound);
    await assert.rejects(app.t.ctx.services.campaigns.getOwn(other, id), NotFound);
    await assert.rejects(app.t.ctx.services.campaigns.getForViewer(other, 999_999), NotFound);
  });

  it('lets an influencer ask to join only a campaign it can see that is not over', async () => {
    const owner = await sponsor(app.t);
    const creator = await viewerOf(app.t, await influencer(app.t));
    const ended = await campaign(app.t, owner.id, { startDate: '2020-01-01', endDate: '2020-02-01' });
    const open = await campaign(app.t, owner.id);
    assert.equal((await app.t.ctx.services.campaigns.getRequestable(creator, open)).id, open);
    await assert.rejects(app.t.ctx.services.campaigns.getRequestable(creator, ended), NotFound);
  });

  it('says what the viewer may do with it, for the templates', async () => {
    const owner = await sponsor(app.t);
    const id = await campaign(app.t, owner.id);
    const c = (await app.t.ctx.services.campaigns.get(id))!;
    const admin = await viewerOf(app.t, await account(app.t, 'admin'));
    const creator = await viewerOf(app.t, await influencer(app.t));
    assert.deepEqual(abilities(await viewerOf(app.t, owner.id), c), { manage: true, publish: true, seeOffers: true, seeFlag: true, request: false });
    assert.deepEqual(abilities(admin, c), { manage: false, publish: false, seeOffers: true, seeFlag: true, request: false });
    assert.deepEqual(abilities(creator, c), { manage: false, publish: false, seeOffers: false, seeFlag: false, request: true });
  });
});
