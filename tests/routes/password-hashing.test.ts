// The suite hashes passwords cheaply (tests/support/app.ts); this file keeps the real cost covered:
// without PASSWORD_HASH_* a new password is stored as argon2id at 64 MiB, 3 passes, 4 lanes, and
// logging in with it works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { browser, createTestApp, logIn, signUp, type TestApp } from '../support/app';

let t: TestApp;
before(async () => {
  t = await createTestApp({ PASSWORD_HASH_MEMORY_KIB: undefined, PASSWORD_HASH_PASSES: undefined, PASSWORD_HASH_LANES: undefined });
});
after(() => t.close());

describe('password hashing at its real cost', () => {
  it('is the default', () => {
    assert.deepEqual(loadConfig({ JWT_SECRET: 'x'.repeat(40) }).passwordHashing, { memoryCost: 65536, timeCost: 3, parallelism: 4 });
  });

  it('stores a new password as argon2id at 64 MiB, 3 passes, 4 lanes, and logs in with it', async () => {
    const { res, username, fields } = await signUp(browser(t), 'influencer');
    assert.equal(res.status, 303);
    const row = await t.ctx.db('users').where({ username }).first('password_hash');
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    const login = await logIn(browser(t), username, fields.password);
    assert.equal(login.status, 303);
    assert.doesNotMatch(String(login.headers.location), /login/);
  });
});
