// Rule: the admin moderates influencers and sponsors; a user can be deleted but not suspended;
// admins are never suspended or deleted; each step answers Conflict when the account is not in
// the state it acts on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Conflict, Forbidden, Invalid } from '../../src/errors';
import { moderation } from '../../src/services/users';
import { createTestApp, type TestApp } from '../support/app';
import { account, influencer, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const statusOf = async (id: number) => (await t.ctx.db('users').where({ id }).first())?.status;

describe('suspending and restoring', () => {
  it('suspends an influencer with a reason, once, and restores it', async () => {
    const id = await influencer(t);
    await assert.rejects(t.ctx.services.users.suspend(id, '  '), (err: unknown) => err instanceof Invalid && /Say why/.test(err.fields.reason ?? ''));
    assert.equal(await statusOf(id), 'active');
    await t.ctx.services.users.suspend(id, 'Spam');
    assert.equal(await statusOf(id), 'suspended');
    await assert.rejects(t.ctx.services.users.suspend(id, 'Again'), Conflict);
    await t.ctx.services.users.restore(id);
    assert.equal(await statusOf(id), 'active');
    await assert.rejects(t.ctx.services.users.restore(id), Conflict);
  });

  it('never suspends a user or an admin', async () => {
    const user = await account(t, 'user');
    const admin = await account(t, 'admin');
    await assert.rejects(t.ctx.services.users.suspend(user, 'Spam'), (err: unknown) => err instanceof Conflict && /Only influencers and sponsors/.test(err.message));
    await assert.rejects(t.ctx.services.users.suspend(admin, 'Spam'), Forbidden);
    assert.deepEqual([await statusOf(user), await statusOf(admin)], ['active', 'active']);
  });

  it('says which actions each account offers the admin', async () => {
    assert.deepEqual(moderation({ role: 'sponsor', status: 'active' }), { delete: true, suspend: true, restore: false });
    assert.deepEqual(moderation({ role: 'influencer', status: 'suspended' }), { delete: true, suspend: false, restore: true });
    assert.deepEqual(moderation({ role: 'user', status: 'active' }), { delete: true, suspend: false, restore: false });
    assert.deepEqual(moderation({ role: 'admin', status: 'active' }), { delete: false, suspend: false, restore: false });
  });
});

describe('approving sponsors', () => {
  it('approves or rejects only a sponsor awaiting approval', async () => {
    const pending = (await sponsor(t, { approved: false })).id;
    await t.ctx.services.users.approve(pending);
    assert.equal(await statusOf(pending), 'active');
    await assert.rejects(t.ctx.services.users.approve(pending), Conflict);
    await assert.rejects(t.ctx.services.users.reject(pending, null), Conflict);
    await assert.rejects(t.ctx.services.users.approve(await influencer(t)), Conflict);
    const other = (await sponsor(t, { approved: false })).id;
    await t.ctx.services.users.reject(other, 'Unknown brand');
    assert.equal(await statusOf(other), 'rejected');
  });
});

describe('deleting accounts', () => {
  it('deletes a user and lowers the follower counts it gave; never deletes an admin', async () => {
    const user = await account(t, 'user');
    const creator = await influencer(t);
    await t.ctx.services.follows.follow(user, creator);
    await t.ctx.services.users.deleteAccount(user);
    assert.equal(await statusOf(user), undefined);
    assert.equal((await t.ctx.db('influencer_profiles').where({ user_id: creator }).first()).follower_count, 0);
    const admin = await account(t, 'admin');
    await assert.rejects(t.ctx.services.users.deleteAccount(admin), Forbidden);
    assert.equal(await statusOf(admin), 'active');
  });
});
