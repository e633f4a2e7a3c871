// Rule: sign-up and profile changes keep usernames and emails unique, and a new password needs
// the current one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Invalid } from '../../src/errors';
import { PASSWORD, withTestApp } from '../support/app';
import { account, viewerOf } from '../support/factories';

const app = withTestApp();

const newUser = { role: 'user' as const, username: 'sam', email: 'sam@example.com', phone: '', password: 'a long enough password' };
/** Where the requests come from. */
const HERE = { address: 'test' };
const profile = { username: 'sam2', phone: '', currentPassword: '', newPassword: '' };

describe('users.signUp', () => {
  it('refuses a username or email already taken, by field', async () => {
    await app.t.ctx.services.users.signUp(newUser, HERE);
    await assert.rejects(app.t.ctx.services.users.signUp({ ...newUser, email: 'other@example.com' }, HERE), (err: unknown) => err instanceof Invalid && 'username' in err.fields && !('email' in err.fields));
    await assert.rejects(app.t.ctx.services.users.signUp({ ...newUser, username: 'other' }, HERE), (err: unknown) => err instanceof Invalid && 'email' in err.fields);
    assert.equal(Number((await app.t.ctx.db('users').count({ n: '*' }).first())?.n), 1);
  });
});

describe('users.saveProfile', () => {
  it('refuses another account’s username and a wrong current password, and saves nothing', async () => {
    const taken = await account(app.t, 'user', 'taken_name');
    const me = await viewerOf(app.t, await account(app.t, 'user', 'me_myself'));
    void taken;
    await assert.rejects(app.t.ctx.services.users.saveProfile(me, { ...profile, username: 'TAKEN_NAME' }, HERE), (err: unknown) => err instanceof Invalid && 'username' in err.fields);
    await assert.rejects(
      app.t.ctx.services.users.saveProfile(me, { ...profile, currentPassword: 'not it at all', newPassword: 'another long password' }, HERE),
      (err: unknown) => err instanceof Invalid && /not your current password/.test(err.fields.current_password ?? ''),
    );
    assert.equal((await app.t.ctx.db('users').where({ id: me.id }).first()).username, 'me_myself');
    const saved = await app.t.ctx.services.users.saveProfile(me, { ...profile, currentPassword: PASSWORD, newPassword: 'another long password' }, HERE);
    assert.equal(saved.passwordChanged, true);
    assert.equal((await app.t.ctx.db('users').where({ id: me.id }).first()).username, 'sam2');
  });
});
