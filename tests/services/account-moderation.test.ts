// Rule: the admin moderates influencers and sponsors; a user can be deleted but not suspended;
// admins are never suspended or deleted; each step answers Conflict when the account is not in
// the state it acts on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Conflict, Forbidden, Invalid } from '../../src/errors';
import { moderation } from '../../src/services/moderation';
import { withTestApp } from '../support/app';
import { account, influencer, sponsor } from '../support/factories';

const app = withTestApp();

const statusOf = async (id: number) => (await app.t.ctx.db('users').where({ id }).first())?.status;

describe('suspending and restoring', () => {
  it('suspends an influencer with a reason, once, and restores it', async () => {
    const id = await influencer(app.t);
    await assert.rejects(app.t.ctx.services.moderation.suspend(id, '  '), (err: unknown) => err instanceof Invalid && /Say why/.test(err.fields.reason ?? ''));
    assert.equal(await statusOf(id), 'active');
    await app.t.ctx.services.moderation.suspend(id, 'Spam');
    assert.equal(await statusOf(id), 'suspended');
    await assert.rejects(app.t.ctx.services.moderation.suspend(id, 'Again'), Conflict);
    await app.t.ctx.services.moderation.restore(id);
    assert.equal(await statusOf(id), 'active');
    await assert.rejects(app.t.ctx.services.moderation.restore(id), Conflict);
  });

  it('never suspends a user or an admin', async () => {
    const user = await account(app.t, 'user');
    const admin = await account(app.t, 'admin');
    await assert.rejects(app.t.ctx.services.moderation.suspend(user, 'Spam'), (err: unknown) => err instanceof Conflict && /Only influencers and sponsors/.test(err.message));
    await assert.rejects(app.t.ctx.services.moderation.suspend(admin, 'Spam'), Forbidden);
    assert.deepEqual([await statusOf(user), await statusOf(admin)], ['active', 'active']);
  });

  it('acts only where the admin’s list offers the action: a sponsor awaiting approval is not suspended', async () => {
    const pending = (await sponsor(app.t, { approved: false })).id;
    await assert.rejects(app.t.ctx.services.moderation.suspend(pending, 'Spam'), (err: unknown) => err instanceof Conflict && /awaits approval/.test(err.message));
    assert.equal(await statusOf(pending), 'pending');
    await assert.rejects(app.t.ctx.services.moderation.restore(pending), Conflict);
    const active = await influencer(app.t);
    await assert.rejects(app.t.ctx.services.moderation.approve(active), Conflict);
    await assert.rejects(app.t.ctx.services.moderation.reject(active, 'No'), Conflict);
    assert.equal(await statusOf(active), 'active');
  });

  it('says which actions each account offers the admin', async () => {
    assert.deepEqual(moderation({ role: 'sponsor', status: 'active' }), { delete: true, suspend: true, restore: false, approve: false, reject: false });
    assert.deepEqual(moderation({ role: 'sponsor', status: 'pending' }), { delete: true, suspend: false, restore: false, approve: true, reject: true });
    assert.deepEqual(moderation({ role: 'sponsor', status: 'rejected' }), { delete: true, suspend: false, restore: false, approve: true, reject: false });
    assert.deepEqual(moderation({ role: 'influencer', status: 'suspended' }), { delete: true, suspend: false, restore: true, approve: false, reject: false });
    assert.deepEqual(moderation({ role: 'user', status: 'active' }), { delete: true, suspend: false, restore: false, approve: false, reject: false });
    assert.deepEqual(moderation({ role: 'admin', status: 'active' }), { delete: false, suspend: false, restore: false, approve: false, reject: false });
  });
});

describe('approving sponsors', () => {
  it('approves or rejects only a sponsor awaiting approval', async () => {
    const pending = (await sponsor(app.t, { approved: false })).id;
    await app.t.ctx.services.moderation.approve(pending);
    assert.equal(await statusOf(pending), 'active');
    await assert.rejects(app.t.ctx.services.moderation.approve(pending), Conflict);
    await assert.rejects(app.t.ctx.services.moderation.reject(pending, null), Conflict);
    await assert.rejects(app.t.ctx.services.moderation.approve(await influencer(app.t)), Conflict);
    const other = (await sponsor(app.t, { approved: false })).id;
    await app.t.ctx.services.moderation.reject(other, 'Unknown brand');
    assert.equal(await statusOf(other), 'rejected');
  });
});

describe('deleting accounts', () => {
  it('deletes a user and lowers the follower counts it gave; never deletes an admin', async () => {
    const user = await account(app.t, 'user');
    const creator = await influencer(app.t);
    await app.t.ctx.services.follows.follow(user, creator);
    await app.t.ctx.services.moderation.deleteAccount(user);
    assert.equal(await statusOf(user), undefined);
    assert.equal((await app.t.ctx.db('influencer_profiles').where({ user_id: creator }).first()).follower_count, 0);
    const admin = await account(app.t, 'admin');
    await assert.rejects(app.t.ctx.services.moderation.deleteAccount(admin), Forbidden);
    assert.equal(await statusOf(admin), 'active');
  });
});
