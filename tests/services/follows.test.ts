// Rule: users follow active influencers; following or unfollowing twice changes nothing, and the
// follower count is always the number of follows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFound } from '../../src/errors';
import { withTestApp } from '../support/app';
import { account, influencer } from '../support/factories';

const app = withTestApp();

describe('follows', () => {
  it('counts each follow once, and unfollows once', async () => {
    const user = await account(app.t, 'user');
    const creator = await influencer(app.t);
    assert.equal((await app.t.ctx.services.follows.follow(user, creator)).followerCount, 1);
    assert.equal((await app.t.ctx.services.follows.follow(user, creator)).followerCount, 1);
    assert.equal((await app.t.ctx.services.follows.unfollow(user, creator)).followerCount, 0);
    assert.equal((await app.t.ctx.services.follows.unfollow(user, creator)).followerCount, 0);
  });

  it('does not follow a suspended influencer or another kind of account, but lets a follower of a suspended one unfollow', async () => {
    const user = await account(app.t, 'user');
    const creator = await influencer(app.t);
    await app.t.ctx.services.follows.follow(user, creator);
    await app.t.ctx.services.moderation.suspend(creator, 'Spam');
    await assert.rejects(app.t.ctx.services.follows.follow(await account(app.t, 'user'), creator), NotFound);
    await assert.rejects(app.t.ctx.services.follows.follow(user, await account(app.t, 'user')), NotFound);
    const after = await app.t.ctx.services.follows.unfollow(user, creator);
    assert.deepEqual([after.followerCount, after.active], [0, false]);
  });
});
