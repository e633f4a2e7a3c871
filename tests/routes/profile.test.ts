import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { browser, cookieFrom, createTestApp, logIn, PASSWORD, signUp, type TestApp } from '../support/app';
import { postForm } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const extra = { sponsor: { industry: 'Banking' }, influencer: { category: 'Music', niche: 'synthwave' }, user: {} } as const;

for (const role of ['sponsor', 'influencer', 'user'] as const) {
  describe(`GET+POST /${role}/profile`, () => {
    it('shows the current details and saves changes', async () => {
      const agent = browser(t);
      const { username } = await signUp(agent, role);
      const form = await agent.get(`/${role}/profile`).expect(200);
      assert.match(form.text, new RegExp(`name="username"[^>]*value="${username}"`));
      const renamed = `${username}x`;
      const res = await postForm(agent, `/${role}/profile`, { username: renamed, phone: '+1 555 0100 99', ...extra[role] });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/${role}/profile`);
      const row = await t.ctx.services.users.getAccount((await t.ctx.db('users').where({ username: renamed }).first()).id);
      assert.equal(row!.phone, '+1 555 0100 99');
      if (role === 'sponsor') assert.equal(row!.industry, 'Banking');
      if (role === 'influencer') assert.deepEqual([row!.category, row!.niche], ['Music', 'synthwave']);
      assert.match((await agent.get(`/${role}/profile`)).text, /Profile saved\./);
    });

    it('changes the password only with the current one, logging out other sessions', async () => {
      const agent = browser(t);
      const { username } = await signUp(agent, role);
      const otherDevice = browser(t);
      const login = await logIn(otherDevice, username);
      const oldToken = cookieFrom(login, 'session')!;

      const wrong = await postForm(agent, `/${role}/profile`, { username, phone: '+44 7700 900123', ...extra[role], current_password: 'not my password', new_password: 'a brand new password' });
      assert.equal(wrong.status, 422);
      assert.match(wrong.text, /That is not your current password/);
      assert.equal((await logIn(browser(t), username)).status, 303, 'old password still works');

      const res = await postForm(agent, `/${role}/profile`, { username, phone: '+44 7700 900123', ...extra[role], current_password: PASSWORD, new_password: 'a brand new password' });
      assert.equal(res.status, 303);
      assert.match((await agent.get(`/${role}/profile`)).text, /other sessions are logged out/);
      await agent.get(`/${role}`).expect(200);
      assert.equal((await otherDevice.get(`/${role}`)).status, 303);
      assert.equal((await request(t.app).get(`/${role}`).set('Cookie', `session=${oldToken}`)).status, 303);
      assert.equal((await logIn(browser(t), username)).status, 401);
      assert.equal((await logIn(browser(t), username, 'a brand new password')).status, 303);
    });
  });
}

describe('bad profile input: 422, nothing changed', () => {
  it('refuses a taken username, a short new password, a missing current password and a bad phone', async () => {
    const agent = browser(t);
    const { username } = await signUp(agent, 'influencer');
    const { username: taken } = await signUp(browser(t), 'user');
    const before = await t.ctx.db('users').where({ username }).first();
    const cases: [Record<string, string>, RegExp][] = [
      [{ username: taken.toUpperCase() }, /That username is taken/],
      [{ current_password: PASSWORD, new_password: 'short' }, /at least 12 characters/],
      [{ current_password: PASSWORD, new_password: 'qwertyuiop12' }, /too easy to guess/],
      [{ current_password: PASSWORD, new_password: `${username} forever and ever` }, /must not contain your username or email/],
      [{ new_password: 'long enough new password' }, /Enter your current password/],
      [{ phone: 'call me' }, /Phone must be a phone number/],
      [{ category: 'Astrology' }, /Choose a category from the list/],
      [{ niche: '' }, /Niche is required/],
    ];
    for (const [overrides, message] of cases) {
      const res = await postForm(agent, '/influencer/profile', { username, phone: '+44 7700 900123', category: 'Travel', niche: 'hiking', ...overrides });
      assert.equal(res.status, 422, String(message));
      assert.match(res.text, message);
    }
    // Browsing records the visit; nothing the form holds changed.
    const after = await t.ctx.db('users').where({ id: before.id }).first();
    assert.deepEqual({ ...after, last_visit_at: null }, { ...before, last_visit_at: null });
  });

  it('is only for the account’s own role', async () => {
    const agent = browser(t);
    await signUp(agent, 'user');
    assert.equal((await agent.get('/sponsor/profile')).status, 403);
    assert.equal((await postForm(agent, '/influencer/profile', { username: 'x' })).status, 403);
  });
});

describe('the current password on the profile form', () => {
  it('counts wrong guesses like failed logins: a stolen session cannot try many', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 3, perAddress: 1000 } });
    try {
      const agent = request.agent(limited.app);
      const { username } = await signUp(agent, 'user');
      const guess = (current: string) =>
        postForm(agent, '/user/profile', { username, phone: '+44 7700 900123', current_password: current, new_password: 'a brand new password' });
      for (let i = 0; i < 3; i += 1) assert.equal((await guess(`guess number ${i}`)).status, 422);
      const refused = await guess(PASSWORD);
      assert.equal(refused.status, 429);
      assert.match(refused.text, /Too many password attempts\. Try again in 15 minutes/);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      // The password did not change, and logging in is locked for the account too.
      assert.equal((await logIn(request.agent(limited.app), username, 'a brand new password')).status, 429);
    } finally {
      await limited.close();
    }
  });
});
