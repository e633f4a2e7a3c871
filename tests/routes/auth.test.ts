import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { createLoginLimits } from '../../src/auth/rateLimit';
import { closeContext } from '../../src/context';
import { account } from '../support/factories';
import {
  browser,
  cookieFrom,
  createTestApp,
  csrfToken,
  logIn,
  PASSWORD,
  signedUp,
  signUp,
  signupFields,
  type TestApp,
  uniqueName,
} from '../support/app';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const countUsers = async () => Number((await t.ctx.db('users').count({ n: '*' }).first())?.n);

describe('GET /signup', () => {
  it('offers the three roles when none is chosen', async () => {
    const res = await browser(t).get('/signup').expect(200);
    for (const role of ['sponsor', 'influencer', 'user']) assert.match(res.text, new RegExp(`href="/signup\\?role=${role}"`));
    assert.doesNotMatch(res.text, /role=admin/);
  });

  it('shows the fields of the chosen role', async () => {
    const sponsor = await browser(t).get('/signup?role=sponsor').expect(200);
    assert.match(sponsor.text, /name="industry"/);
    assert.doesNotMatch(sponsor.text, /name="niche"/);
    const influencer = await browser(t).get('/signup?role=influencer').expect(200);
    assert.match(influencer.text, /name="category"/);
    assert.match(influencer.text, /name="niche"/);
    assert.match(influencer.text, /<option value="Travel">Travel<\/option>/);
  });
});

describe('POST /signup', () => {
  for (const role of ['sponsor', 'influencer', 'user'] as const) {
    it(`signs up a ${role}, logs them in and lands on the ${role} dashboard`, async () => {
      const agent = browser(t);
      const { res, username } = await signUp(agent, role);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/${role}`);
      const session = res.headers['set-cookie'] as unknown as string[];
      const cookie = session.find((c) => c.startsWith('session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);

      const row = await t.ctx.db('users').where({ username }).first();
      assert.equal(row.role, role);
      assert.equal(row.status, role === 'sponsor' ? 'pending' : 'active');
      assert.notEqual(row.password_hash, PASSWORD);
      assert.match(row.password_hash, /^\$argon2id\$/);
      if (role === 'sponsor') {
        assert.equal((await t.ctx.db('sponsor_profiles').where({ user_id: row.id }).first()).industry, 'Outdoor gear');
      }
      if (role === 'influencer') {
        const profile = await t.ctx.db('influencer_profiles').where({ user_id: row.id }).first();
        assert.deepEqual([profile.category, profile.niche, profile.follower_count], ['Travel', 'hiking', 0]);
      }

      const dashboard = await agent.get(`/${role}`).expect(200);
      assert.match(dashboard.text, new RegExp(`<dd>${username}</dd>`));
      if (role === 'sponsor') assert.match(dashboard.text, /awaiting the admin’s approval/);
      else assert.doesNotMatch(dashboard.text, /awaiting/);
    });
  }

  it('stores username and email in lower case so that logins ignore case', async () => {
    const name = uniqueName('MixedCase');
    const { res } = await signUp(browser(t), 'user', { username: name, email: `${name}@Example.COM` });
    assert.equal(res.status, 303);
    const row = await t.ctx.db('users').where({ username: name.toLowerCase() }).first();
    assert.equal(row.email, `${name.toLowerCase()}@example.com`);
    assert.equal((await logIn(browser(t), name.toUpperCase())).status, 303);
  });

  describe('bad input: 422, the form again with messages by field and values kept, nothing written', () => {
    const cases: [string, Record<string, string>, 'sponsor' | 'influencer' | 'user', string, RegExp][] = [
      ['a password of 11 characters', { password: 'a'.repeat(11) }, 'user', 'password', /at least 12 characters/],
      ['a password of 129 characters', { password: 'a'.repeat(129) }, 'user', 'password', /at most 128 characters/],
      ['a common password', { password: 'password1234' }, 'user', 'password', /too easy to guess\. This is similar to a commonly used password/],
      ['a repeated character', { password: 'aaaaaaaaaaaa' }, 'user', 'password', /too easy to guess\. Repeated characters/],
      ['a run of digits', { password: '123456789012' }, 'user', 'password', /too easy to guess/],
      ['a password containing the username', { username: 'river_otter', password: 'i am river_otter really' }, 'user', 'password', /must not contain your username or email/],
      ['a password containing the email', { email: 'mapleleaf@example.com', password: 'MapleLeaf rocks my world' }, 'user', 'password', /must not contain your username or email/],
      ['a bad email', { email: 'not-an-email' }, 'user', 'email', /address like name@example.com/],
      ['a missing phone', { phone: '' }, 'user', 'phone', /Phone is required/],
      ['a missing username', { username: '' }, 'user', 'username', /Username is required/],
      ['a username with spaces', { username: 'two words' }, 'user', 'username', /letters, digits/],
      ['a sponsor without an industry', { industry: '' }, 'sponsor', 'industry', /Industry is required/],
      ['an influencer without a niche', { niche: '' }, 'influencer', 'niche', /Niche is required/],
      ['an influencer with an unknown category', { category: 'Astrology' }, 'influencer', 'category', /from the list/],
    ];
    for (const [what, overrides, role, fieldName, message] of cases) {
      it(`rejects ${what}`, async () => {
        const agent = browser(t);
        const before = await countUsers();
        const { res, fields } = await signUp(agent, role, overrides);
        assert.equal(res.status, 422);
        assert.match(res.text, message);
        assert.match(res.text, new RegExp(`id="f-${fieldName}"[^>]*aria-invalid="true"`));
        // What was typed is kept, except the password.
        if (fieldName !== 'email') assert.match(res.text, new RegExp(`value="${fields.email}"`));
        assert.doesNotMatch(res.text, new RegExp(`value="${fields.password}"`));
        assert.equal(await countUsers(), before);
      });
    }

    it('rejects a taken username, whatever its case', async () => {
      const { username } = await signUp(browser(t), 'user');
      const before = await countUsers();
      const { res } = await signUp(browser(t), 'influencer', { username: username.toUpperCase(), email: 'other@example.com' });
      assert.equal(res.status, 422);
      assert.match(res.text, /That username is taken/);
      assert.match(res.text, /value="other@example.com"/);
      assert.equal(await countUsers(), before);
    });

    it('rejects a taken email', async () => {
      const { fields } = await signUp(browser(t), 'user');
      const before = await countUsers();
      const { res } = await signUp(browser(t), 'sponsor', { email: fields.email.toUpperCase() });
      assert.equal(res.status, 422);
      assert.match(res.text, /An account with that email already exists/);
      assert.equal(await countUsers(), before);
    });

    it('refuses to make an admin', async () => {
      const before = await countUsers();
      const agent = browser(t);
      const token = await csrfToken(agent);
      const res = await agent
        .post('/signup')
        .type('form')
        .send({ ...signupFields('user'), role: 'admin', _csrf: token });
      assert.equal(res.status, 422);
      assert.match(res.text, /sign up as a sponsor, an influencer or a user/);
      assert.equal(await countUsers(), before);
      assert.equal(await t.ctx.services.users.count('admin'), 0);
    });
  });

  describe('CSRF', () => {
    it('answers 403 and writes nothing without a token', async () => {
      const before = await countUsers();
      const agent = browser(t);
      await agent.get('/signup');
      const res = await agent.post('/signup').type('form').send(signupFields('user'));
      assert.equal(res.status, 403);
      assert.match(res.text, /form has expired/);
      assert.equal(await countUsers(), before);
    });

    it('answers 403 to a token from another browser', async () => {
      const before = await countUsers();
      const stranger = await csrfToken(browser(t));
      const agent = browser(t);
      await agent.get('/signup');
      const res = await agent
        .post('/signup')
        .type('form')
        .send({ ...signupFields('user'), _csrf: stranger });
      assert.equal(res.status, 403);
      assert.equal(await countUsers(), before);
    });

    it('accepts the token in the X-CSRF-Token header, as htmx sends it', async () => {
      const agent = browser(t);
      const token = await csrfToken(agent);
      const res = await agent.post('/signup').set('X-CSRF-Token', token).type('form').send(signupFields('user'));
      assert.equal(res.status, 303);
    });
  });
});

describe('POST /login', () => {
  it('logs in by username and by email, landing on the dashboard', async () => {
    const { username, fields } = await signUp(browser(t), 'influencer');
    const byName = await logIn(browser(t), username);
    assert.equal(byName.status, 303);
    assert.equal(byName.headers.location, '/influencer');
    const agent = browser(t);
    const byEmail = await logIn(agent, fields.email);
    assert.equal(byEmail.status, 303);
    const dashboard = await agent.get('/influencer').expect(200);
    assert.match(dashboard.text, /Welcome back/);
  });

  it('gives one generic message for a wrong password and for an unknown account', async () => {
    const { username } = await signUp(browser(t), 'user');
    const wrong = await logIn(browser(t), username, 'not the password at all');
    const unknown = await logIn(browser(t), 'nobody-by-this-name');
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.match(res.text, /Wrong username\/email or password/);
      assert.equal(cookieFrom(res, 'session'), undefined);
    }
    assert.match(wrong.text, new RegExp(`value="${username}"`));
  });

  it('answers 422 when a field is empty', async () => {
    const res = await logIn(browser(t), '', '');
    assert.equal(res.status, 422);
    assert.match(res.text, /Enter your username or email/);
    assert.match(res.text, /Enter your password/);
  });

  it('goes back to the page that asked for a login, and only to our own pages', async () => {
    const { username } = await signUp(browser(t), 'user');
    const agent = browser(t);
    const asked = await agent.get('/user');
    assert.equal(asked.headers.location, '/login?next=%2Fuser');
    const form = await agent.get(asked.headers.location);
    assert.match(form.text, /name="next" value="\/user"/);
    const token = await csrfToken(agent);
    const back = await agent.post('/login').type('form').send({ username, password: PASSWORD, next: '/user', _csrf: token });
    assert.equal(back.headers.location, '/user');
    const evil = browser(t);
    const evilToken = await csrfToken(evil);
    const res = await evil
      .post('/login')
      .type('form')
      .send({ username, password: PASSWORD, next: '//evil.example/', _csrf: evilToken });
    assert.equal(res.headers.location, '/user');
  });

  it('never sends an htmx login off-site, and encodes where it goes as Location is encoded', async () => {
    const { username } = await signUp(browser(t), 'user');
    const loginWith = async (next: string, htmx: boolean) => {
      const agent = browser(t);
      const token = await csrfToken(agent);
      const req = agent.post('/login').type('form');
      if (htmx) req.set('HX-Request', 'true');
      return req.send({ username, password: PASSWORD, next, _csrf: token });
    };
    // A tab (or newline) a browser would drop turns `/\t/evil.example` into `//evil.example`.
    for (const next of ['/\t/evil.example', '/\n/evil.example']) {
      assert.equal((await loginWith(next, false)).headers.location, '/user');
      assert.equal((await loginWith(next, true)).headers['hx-redirect'], '/user');
    }
    const plain = await loginWith('/campaigns?q=café bar', false);
    const htmx = await loginWith('/campaigns?q=café bar', true);
    assert.equal(plain.headers.location, '/campaigns?q=caf%C3%A9%20bar');
    assert.equal(htmx.headers['hx-redirect'], plain.headers.location);
    assert.equal(htmx.headers.location, undefined);
  });

  it('refuses a suspended account, saying why', async () => {
    const { username } = await signUp(browser(t), 'influencer');
    await t.ctx.db('users').where({ username }).update({ status: 'suspended', status_reason: 'Fake followers' });
    const res = await logIn(browser(t), username);
    assert.equal(res.status, 403);
    assert.match(res.text, /suspended\. Reason: Fake followers/);
    assert.equal(cookieFrom(res, 'session'), undefined);
  });

  it('sends signed-in visitors of /login and /signup to their dashboard', async () => {
    const agent = browser(t);
    await signUp(agent, 'user');
    assert.equal((await agent.get('/login')).headers.location, '/user');
    assert.equal((await agent.get('/signup')).headers.location, '/user');
    assert.equal((await agent.get('/')).headers.location, '/user');
  });
});

describe('login rate limits', () => {
  it('locks an account after repeated wrong passwords, even for the right one', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 3, perAddress: 100 } });
    try {
      const { username } = await signUp(request.agent(limited.app), 'user');
      for (let i = 0; i < 3; i += 1) assert.equal((await logIn(request.agent(limited.app), username, 'wrong password!!')).status, 401);
      const res = await logIn(request.agent(limited.app), username);
      assert.equal(res.status, 429);
      assert.match(res.text, /Too many login attempts/);
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.equal(cookieFrom(res, 'session'), undefined);
      // Another account from the same address is unaffected.
      const other = await signUp(request.agent(limited.app), 'user');
      assert.equal((await logIn(request.agent(limited.app), other.username)).status, 303);
    } finally {
      await limited.close();
    }
  });

  it('past the address limit, slows guessing from it without locking out someone who knows their password', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 100, perAddress: 4 } });
    try {
      const colleague = await signUp(request.agent(limited.app), 'user');
      const target = await signUp(request.agent(limited.app), 'user');
      for (let i = 0; i < 4; i += 1) await logIn(request.agent(limited.app), `someone${i}`, 'wrong password!!');
      // The address is over its limit: an account now has three tries of its own from it.
      for (let i = 0; i < 3; i += 1) assert.equal((await logIn(request.agent(limited.app), target.username, 'wrong password!!')).status, 401);
      const blocked = await logIn(request.agent(limited.app), target.username);
      assert.equal(blocked.status, 429);
      assert.match(blocked.text, /Too many login attempts/);
      // Someone else in the same office, with the right password, gets in.
      const res = await logIn(request.agent(limited.app), colleague.username);
      assert.equal(res.status, 303);
      assert.ok(cookieFrom(res, 'session'));
    } finally {
      await limited.close();
    }
  });

  it('believes only the configured proxy hop: forged X-Forwarded-For addresses do not escape the limits', async () => {
    const limited = await createTestApp({ TRUST_PROXY: 'true' }, { loginLimits: { perAccount: 100, perAddress: 4, signups: 3 } });
    try {
      // The proxy appends the address it saw; whatever the client put before it is not believed.
      const via = (i: number) => `198.51.100.${i}, 203.0.113.7`;
      for (let i = 0; i < 8; i += 1) {
        const agent = request.agent(limited.app).set('X-Forwarded-For', via(i));
        assert.equal((await logIn(agent, `nobody${i}`, 'wrong password!!')).status, 401);
      }
      // Every failure counted against the one real address, none against the forged ones.
      const counted = await limited.ctx.db('login_limits').where('key', 'like', 'address:%').select('key', 'count');
      assert.deepEqual(counted.map((r) => [r.key, Number(r.count)]), [['address:203.0.113.7', 8]]);
      const signups: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const agent = request.agent(limited.app).set('X-Forwarded-For', via(i));
        signups.push((await signUp(agent, 'user')).res.status);
      }
      assert.deepEqual(signups, [303, 303, 303, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('is one allowance for every web process on the database, and survives a restart', async () => {
    const options = { loginLimits: { perAccount: 4, perAddress: 100 } };
    const first = await createTestApp({}, options);
    // A second web process on the same database.
    const second = await createTestApp({}, { ...options, database: first });
    try {
      const { username } = await signUp(request.agent(first.app), 'user');
      for (const web of [first, second, first, second]) assert.equal((await logIn(request.agent(web.app), username, 'wrong password!!')).status, 401);
      assert.equal((await logIn(request.agent(first.app), username)).status, 429);
      assert.equal((await logIn(request.agent(second.app), username)).status, 429);
      // Restarted, it still counts what came before.
      await closeContext(second.ctx);
      const restarted = await createTestApp({}, { ...options, database: first });
      try {
        const res = await logIn(request.agent(restarted.app), username);
        assert.equal(res.status, 429);
        assert.match(res.text, /Try again in 15 minutes/);
      } finally {
        await closeContext(restarted.ctx);
      }
    } finally {
      await first.close();
    }
  });

  it('checks no more passwords than the limit when guesses arrive in parallel', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 5, perAddress: 1000 } });
    try {
      const { username } = await signUp(request.agent(limited.app), 'user');
      const answers = await Promise.all(Array.from({ length: 20 }, () => logIn(request.agent(limited.app), username, 'wrong password!!')));
      const statuses = answers.map((r) => r.status);
      // Each 401 is a password actually checked: the count is reserved before the hash.
      assert.equal(statuses.filter((s) => s === 401).length, 5);
      assert.equal(statuses.filter((s) => s === 429).length, 15);
    } finally {
      await limited.close();
    }
  });

  it('counts the username and the email of an account as one', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 3, perAddress: 1000 } });
    try {
      const { username } = await signUp(request.agent(limited.app), 'user');
      for (let i = 0; i < 3; i += 1) assert.equal((await logIn(request.agent(limited.app), username, 'wrong password!!')).status, 401);
      const byEmail = await logIn(request.agent(limited.app), `${username}@example.com`);
      assert.equal(byEmail.status, 429);
      assert.equal(cookieFrom(byEmail, 'session'), undefined);
    } finally {
      await limited.close();
    }
  });

  it('does not count successful logins against the address: 50 people in one office all get in', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 10, perAddress: 30 } });
    try {
      const names = await Promise.all(Array.from({ length: 50 }, async () => {
        const name = uniqueName('office');
        await account(limited, 'user', name);
        return name;
      }));
      // One of them mistypes first, as people do.
      assert.equal((await logIn(request.agent(limited.app), names[0]!, 'wrong password!!')).status, 401);
      const answers = await Promise.all(names.map((name) => logIn(request.agent(limited.app), name)));
      assert.deepEqual(answers.map((r) => r.status), names.map(() => 303));
    } finally {
      await limited.close();
    }
  });

  it('limits sign-ups per address, saying so on the form and storing nothing', async () => {
    const limited = await createTestApp({}, { loginLimits: { signups: 2 } });
    try {
      for (let i = 0; i < 2; i += 1) assert.equal((await signUp(request.agent(limited.app), 'user')).res.status, 303);
      const users = Number((await limited.ctx.db('users').count({ n: '*' }).first())?.n);
      const { res, fields } = await signUp(request.agent(limited.app), 'user');
      assert.equal(res.status, 429);
      assert.match(res.text, /Too many sign-ups from your network. Try again in 60 minutes/);
      assert.ok(res.text.includes(`value="${fields.email}"`));
      assert.equal(Number((await limited.ctx.db('users').count({ n: '*' }).first())?.n), users);
    } finally {
      await limited.close();
    }
  });

  it('counts in fixed windows: a new one starts once the old has ended', async () => {
    const { perAccount } = createLoginLimits(t.ctx.db, { perAccount: 2, windowMs: 60_000 });
    const key = uniqueName('window');
    const start = Date.now();
    await perAccount.hit(key, start);
    assert.deepEqual(await perAccount.check(key, start + 1), { allowed: true, retryAfterSeconds: 0 });
    await perAccount.hit(key, start + 1000);
    // The window began with the first hit.
    assert.deepEqual(await perAccount.check(key, start + 1000), { allowed: false, retryAfterSeconds: 59 });
    assert.deepEqual(await perAccount.check(key, start + 30_500), { allowed: false, retryAfterSeconds: 30 });
    assert.equal((await perAccount.check(key, start + 60_000)).allowed, true);
    await perAccount.hit(key, start + 60_000);
    assert.deepEqual(await t.ctx.db('login_limits').where({ key: `account:${key}` }).first('count'), { count: 1 });
    assert.equal((await perAccount.check(key, start + 60_001)).allowed, true);
    // A successful login forgets the failures.
    await perAccount.hit(key, start + 60_002);
    assert.equal((await perAccount.check(key, start + 60_003)).allowed, false);
    await perAccount.reset(key);
    assert.equal((await perAccount.check(key, start + 60_004)).allowed, true);
  });
});

describe('POST /logout', () => {
  it('logs out, and the token from before no longer works anywhere', async () => {
    const agent = browser(t);
    const { res: signup } = await signUp(agent, 'sponsor');
    const oldToken = cookieFrom(signup, 'session')!;
    await agent.get('/sponsor').expect(200);

    const logoutToken = await csrfToken(agent);
    const res = await agent.post('/logout').type('form').send({ _csrf: logoutToken });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/login');
    assert.equal((await agent.get('/sponsor')).headers.location, '/login?next=%2Fsponsor');

    // A copy of the old cookie (another tab, a thief) is revoked too.
    const replay = await request(t.app).get('/sponsor').set('Cookie', `session=${oldToken}`);
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.location, '/login?next=%2Fsponsor');
  });

  it('needs a CSRF token', async () => {
    const agent = browser(t);
    await signUp(agent, 'user');
    const res = await agent.post('/logout').type('form').send({});
    assert.equal(res.status, 403);
    await agent.get('/user').expect(200);
  });
});

describe('session tokens', () => {
  it('stop working when the account revokes its sessions (as a password change does)', async () => {
    const { id, token } = await signedUp(t, 'influencer');
    await t.ctx.services.sessions.revokeSessions(id);
    const replay = await request(t.app).get('/influencer').set('Cookie', `session=${token}`);
    assert.equal(replay.status, 303);
  });

  it('stop working when the account is suspended', async () => {
    const agent = browser(t);
    const { username } = await signUp(agent, 'influencer');
    await t.ctx.db('users').where({ username }).update({ status: 'suspended' });
    assert.equal((await agent.get('/influencer')).status, 303);
  });

  it('are ignored when forged or tampered with', async () => {
    const { res } = await signUp(browser(t), 'user');
    const token = cookieFrom(res, 'session')!;
    const [header, , signature] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: '1', tv: 0 })).toString('base64url');
    for (const bad of [`${header}.${forgedClaims}.${signature}`, 'garbage', `${token}x`]) {
      const replay = await request(t.app).get('/user').set('Cookie', `session=${bad}`);
      assert.equal(replay.status, 303, bad);
    }
  });
});

describe('admins', () => {
  it('log in to the admin dashboard (accounts made outside sign-up)', async () => {
    const id = await t.ctx.services.users.create({
      role: 'admin',
      username: uniqueName('admin'),
      email: `${uniqueName('admin')}@example.com`,
      phone: '+44 20 7946 0000',
      passwordHash: await hashPassword(PASSWORD),
    });
    const { username } = await t.ctx.db('users').where({ id }).first();
    const agent = browser(t);
    const res = await logIn(agent, username);
    assert.equal(res.headers.location, '/admin');
    const page = await agent.get('/admin').expect(200);
    assert.match(page.text, /Admin dashboard/);
    assert.match(page.text, new RegExp(`<dd>${username}</dd>`));
  });
});
