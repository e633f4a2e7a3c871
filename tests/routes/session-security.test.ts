// Session security beyond auth.test.ts (logout, password change, suspension, forged tokens, rate
// limits, CSRF): the session cookie's flags, deletion revoking every session, and logs that never
// hold a password, a token or the signing secret.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { browser, cookieFrom, createTestApp, csrfToken, logIn, PASSWORD, signedUp, signUp, type TestApp } from '../support/app';
import { account, postForm } from '../support/factories';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
let t: TestApp;
let behindTls: TestApp;
before(async () => {
  t = await createTestApp({ LOG_LEVEL: 'info', JWT_SECRET: SECRET });
  behindTls = await createTestApp({ TRUST_PROXY: 'true' });
});
after(async () => {
  await t.close();
  await behindTls.close();
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, and expires', async () => {
    const { res } = await signUp(browser(t), 'user');
    const line = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('session='))!;
    assert.match(line, /; HttpOnly/);
    assert.match(line, /; SameSite=Lax/);
    assert.match(line, /; Path=\/(;|$)/);
    assert.match(line, /; Max-Age=\d+/);
    assert.doesNotMatch(line, /; Secure/, 'plain HTTP cannot keep a Secure cookie');
  });

  it('is Secure behind a TLS proxy (TRUST_PROXY and X-Forwarded-Proto: https)', async () => {
    // The CSRF cookie is Secure too, so it is sent by hand (the test speaks plain HTTP).
    const page = await request(behindTls.app).get('/login').set('X-Forwarded-Proto', 'https');
    assert.match((page.headers['set-cookie'] as unknown as string[]).join('\n'), /csrf=[^;]+;.*; Secure/);
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
    const username = `tls${Date.now()}`;
    const res = await request(behindTls.app)
      .post('/signup')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `csrf=${cookieFrom(page, 'csrf')}`)
      .type('form')
      .send({ role: 'user', username, email: `${username}@example.com`, phone: '+44 7700 900123', password: PASSWORD, _csrf: token });
    assert.equal(res.status, 303);
    const cookies = (res.headers['set-cookie'] as unknown as string[]).join('\n');
    assert.match(cookies, /session=[^;]+;.*; Secure/);
  });
});

describe('deleting an account', () => {
  it('ends its sessions at once, on every device', async () => {
    const { agent, id, token } = await signedUp(t, 'influencer');
    const admin = browser(t);
    const adminName = `root${Date.now()}`;
    await account(t, 'admin', adminName);
    await logIn(admin, adminName);
    assert.equal((await postForm(admin, `/admin/users/${id}/delete`)).status, 303);
    assert.equal((await agent.get('/influencer')).status, 303);
    const replay = await request(t.app).get('/influencer').set('Cookie', `session=${token}`);
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.location, '/login?next=%2Finfluencer');
  });
});

describe('the logs', () => {
  it('never hold a password, a session token, a CSRF token or the signing secret', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      const agent = browser(t);
      const { res, username } = await signUp(agent, 'sponsor');
      const session = cookieFrom(res, 'session')!;
      const csrf = await csrfToken(agent);
      await logIn(browser(t), username, 'a wrong password entirely');
      await logIn(browser(t), username);
      await postForm(agent, '/sponsor/profile', { username, phone: '+44 7700 900123', industry: 'Outdoor', current_password: PASSWORD, new_password: 'another fine password' });
      // A request that fails inside (a closed database) is logged with its cause.
      const broken = await createTestApp({ LOG_LEVEL: 'info', JWT_SECRET: SECRET });
      const brokenAgent = browser(broken);
      await signUp(brokenAgent, 'user');
      await broken.ctx.db.destroy();
      await brokenAgent.get('/user');
      await broken.close().catch(() => undefined);
      const all = lines.join('\n');
      assert.ok(lines.length > 0, 'something was logged');
      for (const secret of [PASSWORD, 'a wrong password entirely', 'another fine password', session, csrf, SECRET]) {
        assert.equal(all.includes(secret), false, `the logs hold ${secret.slice(0, 12)}…`);
      }
    } finally {
      console.error = original;
    }
  });
});
