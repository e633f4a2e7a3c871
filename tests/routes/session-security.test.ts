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

describe('cookies when PUBLIC_URL is https', () => {
  it('are Secure and __Host- prefixed even when the app sees plain HTTP (a TLS proxy without TRUST_PROXY)', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://market.example' });
    try {
      const page = await request(https.app).get('/login');
      const csrf = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-csrf='))!;
      assert.match(csrf, /; Path=\/;.*Secure/);
      assert.doesNotMatch(csrf, /Domain=/);
      const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
      const username = `host${Date.now()}`;
      const res = await request(https.app)
        .post('/signup')
        .set('Cookie', `__Host-csrf=${cookieFrom(page, '__Host-csrf')}`)
        .type('form')
        .send({ role: 'user', username, email: `${username}@example.com`, phone: '+44 7700 900123', password: PASSWORD, _csrf: token });
      assert.equal(res.status, 303);
      const cookies = res.headers['set-cookie'] as unknown as string[];
      assert.match(cookies.find((c) => c.startsWith('__Host-session='))!, /; Secure/);
      assert.match(cookies.find((c) => c.startsWith('__Host-flash='))!, /; Secure/);
      // The session works under its prefixed name, and an unprefixed one is not read.
      const session = cookieFrom(res, '__Host-session')!;
      assert.equal((await request(https.app).get('/user').set('Cookie', `__Host-session=${session}`)).status, 200);
      assert.equal((await request(https.app).get('/user').set('Cookie', `session=${session}`)).status, 303);
    } finally {
      await https.close();
    }
  });
});

describe('the CSRF token', () => {
  it('is bound to the session: a cookie and token from another visit do not work beside my session', async () => {
    const { agent, token: session, username } = await signedUp(t, 'user');
    // An anonymous visit (the attacker's own): its csrf cookie and its token.
    const visit = await request(t.app).get('/login');
    const seed = cookieFrom(visit, 'csrf')!;
    const visitToken = /<meta name="csrf-token" content="([^"]+)"/.exec(visit.text)![1]!;
    const forged = await request(t.app)
      .post('/user/profile')
      .set('Cookie', `csrf=${seed}; session=${session}`)
      .type('form')
      .send({ username: 'forged_name', phone: '+44 7700 900123', _csrf: visitToken });
    assert.equal(forged.status, 403);
    assert.match(forged.text, /This form has expired/);
    assert.equal((await t.ctx.db('users').where({ username }).first('id')) !== undefined, true);
    // The same csrf cookie works with the token a page of my session shows.
    const mine = await agent.get('/user/profile');
    const myToken = /<meta name="csrf-token" content="([^"]+)"/.exec(mine.text)![1]!;
    assert.notEqual(myToken, visitToken);
    const own = await agent.post('/user/profile').type('form').send({ username, phone: '+44 7700 900124', _csrf: myToken });
    assert.equal(own.status, 303);
  });

  it('from before logging in no longer works after it', async () => {
    const { username } = await signedUp(t, 'user');
    const agent = browser(t);
    const before = await csrfToken(agent);
    assert.equal((await logIn(agent, username)).status, 303);
    const res = await agent.post('/logout').type('form').send({ _csrf: before });
    assert.equal(res.status, 403);
    assert.equal((await agent.get('/user')).status, 200, 'still logged in');
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
