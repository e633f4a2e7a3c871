// A new person's first minutes, in a real browser, with JavaScript on and off: sign up as each
// role, log out, log in again, reach the dashboard; see a mistake explained next to its field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import { processPasswordReset } from '../../src/jobs/passwordResetEmails';
import { createMailer } from '../../src/mail';
import { PASSWORD } from '../support/app';
import { decode, mailsIn } from '../support/mail';
import { logOut, openMenu, screenshot, watchForProblems, withBrowserApp } from '../support/browser';

const app = withBrowserApp(async (t) => {
  await t.ctx.services.users.create({
    role: 'admin',
    username: 'boss',
    email: 'boss@example.com',
    phone: '+44 20 7946 0000',
    passwordHash: await hashPassword(PASSWORD),
  });
});

async function logIn(page: Page, username: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`sign up, log out, log in (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let context: BrowserContext;
    let page: Page;
    let problems: string[];

    before(async () => {
      context = await app.chromium.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
      page = await context.newPage();
      problems = watchForProblems(page);
    });
    after(() => context.close());

    for (const role of ['sponsor', 'influencer', 'user'] as const) {
      it(`a new ${role} signs up, logs out and logs back in`, async () => {
        const username = `${role}-${mode}`;
        await page.goto(`${app.url}/`);
        await page.getByRole('link', { name: `Sign up as a${role === 'influencer' ? 'n' : ''} ${role}` }).first().click();
        await page.waitForURL(`**/signup?role=${role}`);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Email').fill(`${username}@example.com`);
        await page.getByLabel('Phone').fill('+44 7700 900123');
        await page.getByLabel('Password').fill(PASSWORD);
        if (role === 'sponsor') await page.getByLabel('Industry').fill('Outdoor gear');
        if (role === 'influencer') {
          await page.getByLabel('Category').selectOption('Travel');
          await page.getByLabel('Niche').fill('mountain hiking');
        }
        await page.getByRole('button', { name: 'Create account' }).click();

        await page.waitForURL(`**/${role}`);
        await page.getByRole('heading', { name: new RegExp(`${role} dashboard`, 'i') }).waitFor();
        assert.ok(await page.getByText(username, { exact: true }).first().isVisible());
        if (role === 'sponsor') assert.ok(await page.getByText(/awaiting the admin’s approval/).isVisible());
        await screenshot(page, `${role}-dashboard-${mode}`);

        await logOut(page);
        await page.waitForURL('**/login');
        assert.ok(await page.getByText('You have logged out.').isVisible());
        const blocked = await page.goto(`${app.url}/${role}`);
        assert.match(blocked!.url(), /\/login\?next=/);

        await logIn(page, username);
        await page.waitForURL(`**/${role}`);
        assert.ok(await page.getByText(`Welcome back, ${username}.`).isVisible());
        const other = role === 'user' ? 'sponsor' : 'user';
        const forbidden = await page.goto(`${app.url}/${other}`);
        assert.equal(forbidden!.status(), 403);
        await logOut(page);
        await page.waitForURL('**/login');
      });
    }

    it('an admin logs in to the admin dashboard', async () => {
      await logIn(page, 'boss');
      await page.waitForURL('**/admin');
      await page.getByRole('heading', { name: 'Admin dashboard' }).waitFor();
      await screenshot(page, `admin-dashboard-${mode}`);
      await logOut(page);
      await page.waitForURL('**/login');
    });

    it('a mistake is explained next to its field and what was typed is kept', async () => {
      await page.goto(`${app.url}/signup?role=influencer`);
      await page.getByLabel('Username').fill(`typo-${mode}`);
      await page.getByLabel('Email').fill(`typo-${mode}@example.com`);
      await page.getByLabel('Phone').fill('+44 7700 900123');
      await page.getByLabel('Password').fill('too short');
      await page.getByLabel('Category').selectOption('Gaming');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('Password must be at least 12 characters.').waitFor();
      assert.equal(await page.getByLabel('Username').inputValue(), `typo-${mode}`);
      assert.equal(await page.getByLabel('Category').inputValue(), 'Gaming');
      assert.ok(await page.getByText('Niche is required.').isVisible());
      await screenshot(page, `signup-errors-${mode}`);
    });

    it('a person who forgot the password asks for a link, sets a new one through it and logs in', async () => {
      const username = `forgetful-${mode}`;
      await app.t.ctx.services.users.create({ role: 'user', username, email: `${username}@example.com`, phone: '+44 20 7946 0001', passwordHash: await hashPassword(PASSWORD) });
      await page.goto(`${app.url}/login`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL('**/password/forgot');
      await page.getByLabel('Email').fill(`${username}@example.com`);
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await page.waitForURL('**/login');
      await page.getByText(`If an account uses ${username}@example.com, we have sent it a link`).waitFor();
      // What the worker does with the request: the email with the link.
      const { id } = await app.t.ctx.db('password_resets as r').join('users as u', 'u.id', 'r.user_id').where('u.username', username).first('r.id');
      const mailer = createMailer({ smtpUrl: '', mailDir: app.t.ctx.config.mailDir });
      assert.equal(await processPasswordReset({ ...app.t.ctx, mailer }, id), 'sent');
      mailer.close();
      const mail = mailsIn(app.t.ctx.config.mailDir).map(decode).find((m) => m.includes(`To: ${username}@example.com`))!;
      const link = /http:\/\/[^\s"]+\/password\/reset\/[A-Za-z0-9_-]{43}/.exec(mail)![0];

      await page.goto(link.replace(/^http:\/\/[^/]+/, app.url));
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.getByLabel('New password').fill('password1234');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByText(/too easy to guess/).waitFor();
      await screenshot(page, `password-reset-weak-${mode}`);
      await page.getByLabel('New password').fill('lantern oyster maple drift');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL('**/login');
      await page.getByText('Your password is changed, and every device signed in to your account is logged out.').waitFor();
      await page.getByLabel('Username or email').fill(username);
      await page.getByLabel('Password').fill('lantern oyster maple drift');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL('**/user');
      await logOut(page);
      await page.waitForURL('**/login');
      // The link worked once, and says so, with the way to a new one.
      assert.equal((await page.goto(link.replace(/^http:\/\/[^/]+/, app.url)))!.status(), 410);
      await page.getByText('This reset link was already used').waitFor();
      await page.getByRole('link', { name: 'Ask for a new link' }).click();
      await page.waitForURL('**/password/forgot');
    });

    it('a person downloads their data from the profile page, then deletes the account with the password', async () => {
      const username = `leaving-${mode}`;
      await app.t.ctx.services.users.create({ role: 'user', username, email: `${username}@example.com`, phone: '+44 20 7946 0002', passwordHash: await hashPassword(PASSWORD) });
      await logIn(page, username);
      await page.waitForURL('**/user');
      await openMenu(page);
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.waitForURL('**/user/profile');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download everything we hold about you' }).click()]);
      assert.equal(download.suggestedFilename(), `influence-market-${username}.json`);
      const { readFile } = await import('node:fs/promises');
      const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
      assert.equal(data.account.username, username);

      await page.getByRole('link', { name: 'Delete your account…' }).click();
      await page.waitForURL('**/account/delete');
      await page.getByText('Your conversations, for both sides').waitFor();
      await page.getByLabel('Your password').fill('not my password at all');
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await page.getByText('That is not your password.').waitFor();
      await screenshot(page, `account-delete-${mode}`);
      await page.getByLabel('Your password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await page.getByText('Your account and everything that belonged to it are deleted. Goodbye.').waitFor();
      assert.equal(await app.t.ctx.db('users').where({ username }).first(), undefined);
      const blocked = await page.goto(`${app.url}/user`);
      assert.match(blocked!.url(), /\/login\?next=/);
    });

    it('a wrong password gets one plain message', async () => {
      await page.goto(`${app.url}/login`);
      await page.getByLabel('Username or email').fill('boss');
      await page.getByLabel('Password').fill('not the right password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('Wrong username/email or password.').waitFor();
    });

    it('nothing broke in the page: no script error, no CSP violation, no failed request', async () => {
      if (javaScriptEnabled) assert.equal(await page.evaluate('typeof window.htmx'), 'object');
      // Chromium logs each 4xx page load as a failed resource; those answers were expected above.
      assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    });
  });
}
