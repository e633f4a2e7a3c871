// Rule: users follow active influencers; following or unfollowing twice changes nothing, and the
// follower count is always the number of follows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFound } from '../../src/errors';
import { createTestApp, type TestApp } from '../support/app';
import { account, influencer } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('follows', () => {
  it('counts each follow once, and unfollows once', async () => {
    const user = await account(t, 'user');
    const creator = await influencer(t);
    assert.equal((await t.ctx.services.follows.follow(user, creator)).followerCount, 1);
    assert.equal((await t.ctx.services.follows.follow(user, creator)).followerCount, 1);
    assert.equal((await t.ctx.services.follows.unfollow(user, creator)).followerCount, 0);
    assert.equal((await t.ctx.services.follows.unfollow(user, creator)).followerCount, 0);
  });

  it('does not follow a suspended influencer or another kind of account, but lets a follower of a suspended one unfollow', async () => {
    const user = await account(t, 'user');
    const creator = await influencer(t);
    await t.ctx.services.follows.follow(user, creator);
    await t.ctx.services.users.suspend(creator, 'Spam');
    await assert.rejects(t.ctx.services.follows.follow(await account(t, 'user'), creator), NotFound);
    await assert.rejects(t.ctx.services.follows.follow(user, await account(t, 'user')), NotFound);
    const after = await t.ctx.services.follows.unfollow(user, creator);
    assert.deepEqual([after.followerCount, after.active], [0, false]);
  });
});
