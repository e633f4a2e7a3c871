// Rule: a session holds while its account exists, is not suspended and is at the token version it
// was issued with (domain.ts's sessionHolds, the one check). Every request, the chat poll's fast
// path and the live streams (tests/routes/events.test.ts: closed on logout, suspension, deletion)
// ask it; here the first two agree on each way a session ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { sessionHolds } from '../../src/domain';
import { signedUp, withTestApp } from '../support/app';
import { postForm } from '../support/factories';

const app = withTestApp();

describe('a session', () => {
  it('holds for an account that is there, not suspended, at its token version', () => {
    assert.equal(sessionHolds({ status: 'active', tokenVersion: 3 }, 3), true);
    assert.equal(sessionHolds({ status: 'pending', tokenVersion: 0 }, 0), true);
    assert.equal(sessionHolds({ status: 'active', tokenVersion: 4 }, 3), false);
    assert.equal(sessionHolds({ status: 'suspended', tokenVersion: 3 }, 3), false);
    assert.equal(sessionHolds(undefined, 0), false);
  });

  it('ends for a request and for the chat poll alike: suspended, logged out, deleted', async () => {
    const t = app.t;
    const { services } = t.ctx;
    const pairUp = async () => {
      const brand = await signedUp(t, 'sponsor');
      await services.moderation.approve(brand.id);
      const creator = await signedUp(t, 'influencer');
      assert.ok((await postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Hello' })).status < 400);
      const { version } = await t.ctx.db('conversations').where({ sponsor_id: brand.id, influencer_id: creator.id }).first('version');
      const { token_version } = await t.ctx.db('users').where({ id: creator.id }).first('token_version');
      return { creator, brandId: brand.id, version: Number(version), tokenVersion: Number(token_version) };
    };
    /** Whether the creator's session still opens a page, and still passes the chat poll's fast path. */
    const holds = async ({ creator, brandId, version, tokenVersion }: Awaited<ReturnType<typeof pairUp>>) => {
      const res = await request(t.app).get('/inbox').set('Cookie', `session=${creator.token}`);
      return { request: res.status === 200, poll: await services.messages.unchanged(creator.id, tokenVersion, brandId, version) };
    };

    const ends: [string, (s: Awaited<ReturnType<typeof pairUp>>) => Promise<unknown>][] = [
      ['suspended', (s) => services.moderation.suspend(s.creator.id, 'Spam')],
      ['logged out', (s) => postForm(s.creator.agent, '/logout')],
      ['deleted', (s) => services.moderation.deleteAccount(s.creator.id)],
    ];
    for (const [how, end] of ends) {
      const session = await pairUp();
      assert.deepEqual(await holds(session), { request: true, poll: true }, `before: ${how}`);
      await end(session);
      assert.deepEqual(await holds(session), { request: false, poll: false }, how);
    }
  });
});
