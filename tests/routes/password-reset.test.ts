// "Forgot your password?" through HTTP and the worker: the same answer for known and unknown
// addresses, one email through the outbox with a link that is stored only as a hash, good for 30
// minutes and once, ending every session; limited per address and per account.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { browser, createTestApp, logIn, PASSWORD, signedUp } from '../support/app';
import { withWorkerApp } from '../support/app';
import { count, postForm } from '../support/factories';
import { decode, mailsIn } from '../support/mail';
import { drained, until } from '../support/wait';

const app = withWorkerApp();
const NEW_PASSWORD = 'lantern oyster maple drift';

const mailsTo = (email: string) => mailsIn(app.t.ctx.config.mailDir).map(decode).filter((m) => m.includes(`To: ${email}`));
const linkIn = (mail: string) => /\/password\/reset\/([A-Za-z0-9_-]{43})/.exec(mail)![1]!;

/** A new account and the reset link emailed to it. */
async function askedForLink() {
  const person = await signedUp(app.t, 'influencer');
  const email = `${person.username}@example.com`;
  const res = await postForm(browser(app.t), '/password/forgot', { email: email.toUpperCase() });
  assert.equal(res.status, 303);
  const mail = await until('the reset email', () => mailsTo(email)[0]);
  return { ...person, email, mail, token: linkIn(mail) };
}

describe('GET+POST /password/forgot', () => {
  it('answers alike for a known and an unknown address, and emails only the known one, once', async () => {
    const { email, mail, token, id } = await askedForLink();
    const unknown = await postForm(browser(app.t), '/password/forgot', { email: 'nobody-here@example.com' });
    assert.equal(unknown.status, 303);
    assert.equal(unknown.headers.location, '/login');
    const shown = await browser(app.t).get('/login').set('Cookie', unknown.headers['set-cookie'] as unknown as string[]);
    assert.match(shown.text, /If an account uses nobody-here@example.com, we have sent it a link/);
    assert.match(mail, /Subject: Choose a new password for Influence Market/);
    assert.match(mail, /works once, until/);
    // Only the hash of the link's token is stored; the outbox never saw it.
    const row = await app.t.ctx.db('password_resets').where({ user_id: id }).first();
    assert.match(row.token_hash, /^[0-9a-f]{64}$/);
    assert.notEqual(row.token_hash, token);
    const outbox = await app.t.ctx.db('job_outbox').where({ queue: 'resets' }).select('payload');
    assert.ok(outbox.every((r) => !String(r.payload).includes(token)));
    await drained(app.t.ctx.db);
    assert.equal(mailsTo(email).length, 1);
    assert.equal(mailsTo('nobody-here@example.com').length, 0);
  });

  it('says what is wrong with the address, keeping what was typed', async () => {
    const res = await postForm(browser(app.t), '/password/forgot', { email: 'not an address' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Email must be an address like name@example.com/);
    assert.match(res.text, /value="not an address"/);
  });

  it('limits requests per address (429, said on the form) and emails per account (silently)', async () => {
    const limited = await createTestApp();
    try {
      const person = await signedUp(limited, 'user');
      const email = `${person.username}@example.com`;
      const ask = () => postForm(request.agent(limited.app), '/password/forgot', { email });
      for (let i = 0; i < 3; i += 1) assert.equal((await ask()).status, 303);
      // The account's hourly emails are spent: the answer is the same, nothing more is recorded.
      assert.equal((await ask()).status, 303);
      assert.equal(await count(limited, 'password_resets', { user_id: person.id }), 3);
      for (let i = 4; i < 10; i += 1) assert.equal((await ask()).status, 303);
      const refused = await ask();
      assert.equal(refused.status, 429);
      assert.match(refused.text, /Too many requests for reset links\. Try again in 60 minutes/);
      assert.ok(Number(refused.headers['retry-after']) > 0);
    } finally {
      await limited.close();
    }
  });
});

describe('GET+POST /password/reset/:token', () => {
  it('sets a new password once, logs out every session, and says so', async () => {
    const { agent, username, token } = await askedForLink();
    const form = await browser(app.t).get(`/password/reset/${token}`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`For the account <strong><bdi>${username}</bdi>`));

    const weak = await postForm(browser(app.t), `/password/reset/${token}`, { new_password: 'password1234' });
    assert.equal(weak.status, 422);
    assert.match(weak.text, /too easy to guess/);
    const mine = await postForm(browser(app.t), `/password/reset/${token}`, { new_password: `${username} is me` });
    assert.match(mine.text, /must not contain your username or email/);

    const done = await postForm(browser(app.t), `/password/reset/${token}`, { new_password: NEW_PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/login');
    // The session from before is over; the old password no longer works; the new one does.
    assert.equal((await agent.get('/influencer')).status, 303);
    assert.equal((await logIn(browser(app.t), username, PASSWORD)).status, 401);
    assert.equal((await logIn(browser(app.t), username, NEW_PASSWORD)).status, 303);
    // Used: the link says so, and offers a new one.
    const used = await browser(app.t).get(`/password/reset/${token}`);
    assert.equal(used.status, 410);
    assert.match(used.text, /This reset link was already used/);
    assert.match(used.text, /href="\/password\/forgot"[^>]*>Ask for a new link/);
    assert.equal((await postForm(browser(app.t), `/password/reset/${token}`, { new_password: 'another fine phrase here' })).status, 410);
  });

  it('works once when two submits of one link arrive together', async () => {
    const { username, token } = await askedForLink();
    const [a, b] = await Promise.all([
      postForm(browser(app.t), `/password/reset/${token}`, { new_password: NEW_PASSWORD }),
      postForm(browser(app.t), `/password/reset/${token}`, { new_password: 'a different phrase entirely' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [303, 410]);
    const winner = a.status === 303 ? NEW_PASSWORD : 'a different phrase entirely';
    assert.equal((await logIn(browser(app.t), username, winner)).status, 303);
  });

  it('expires after 30 minutes, saying so with a way to a new link; an unknown link is a 404', async () => {
    const { id, token } = await askedForLink();
    await app.t.ctx.db('password_resets').where({ user_id: id }).update({ expires_at: Date.now() - 1 });
    const expired = await browser(app.t).get(`/password/reset/${token}`);
    assert.equal(expired.status, 410);
    assert.match(expired.text, /This reset link has expired: links work for 30 minutes/);
    assert.match(expired.text, /href="\/password\/forgot"[^>]*>Ask for a new link/);
    assert.doesNotMatch(expired.text, /does not exist/);
    const unknown = await browser(app.t).get(`/password/reset/${'x'.repeat(43)}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /That reset link does not exist/);
    assert.equal((await browser(app.t).get('/password/reset/short')).status, 404);
  });

  it('lifts a login lockout: the new password works at once', async () => {
    const limited = await createTestApp({}, { loginLimits: { perAccount: 2, perAddress: 1000 } });
    try {
      const person = await signedUp(limited, 'user');
      for (let i = 0; i < 2; i += 1) await logIn(request.agent(limited.app), person.username, 'wrong password!!');
      assert.equal((await logIn(request.agent(limited.app), person.username)).status, 429);
      await limited.ctx.services.passwordResets.request(`${person.username}@example.com`, { address: 'test' });
      const reset = await limited.ctx.db('password_resets').where({ user_id: person.id }).first('id');
      const mail = await limited.ctx.services.passwordResets.issueToken(reset.id);
      await limited.ctx.services.passwordResets.reset(mail!.token, NEW_PASSWORD);
      assert.equal((await logIn(request.agent(limited.app), person.username, NEW_PASSWORD)).status, 303);
    } finally {
      await limited.close();
    }
  });
});
