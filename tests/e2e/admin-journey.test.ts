// Following and moderation in real browsers, with JavaScript on and off: a user follows two
// influencers and unfollows one; the admin flags a campaign (it leaves the influencers' search and
// its sponsor sees why), unflags it, approves a new sponsor (who can then publish), suspends an
// influencer (who can no longer log in), deletes a user and opens the insights.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PASSWORD } from '../support/app';
import { openSession, screenshot, type Session, withBrowserApp } from '../support/browser';
import { account, campaign, influencer, sponsor } from '../support/factories';

const app = withBrowserApp(async (t) => {
  await account(t, 'admin', 'root');
});

const sessions: Session[] = [];
async function as(javaScriptEnabled: boolean, username: string | null): Promise<Session> {
  const session = await openSession(app, { javaScriptEnabled, username, width: 1100, height: 850 });
  sessions.push(session);
  return session;
}

const username = async (id: number) => (await app.t.ctx.db('users').where({ id }).first()).username as string;

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`following and moderation (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let admin: Session;
    let brandName: string;
    let pendingName: string;
    let fanName: string;
    let doomedId: number;
    let creatorName: string;
    const ids: Record<string, number> = {};

    before(async () => {
      const t = app.t;
      ids.a = await influencer(t, { username: `star_a_${mode}`, niche: `niche-${mode}`, followers: 10 });
      ids.b = await influencer(t, { username: `star_b_${mode}`, niche: `niche-${mode}`, followers: 5 });
      ids.victim = await influencer(t, { username: `victim_${mode}` });
      creatorName = await username(await influencer(t));
      const brand = await sponsor(t);
      brandName = brand.username;
      await campaign(t, brand.id, { title: `Questionable ${mode}` });
      pendingName = (await sponsor(t, { approved: false })).username;
      fanName = await username(await account(t, 'user'));
      doomedId = await account(t, 'user', `doomed_${mode}`);
      admin = await as(javaScriptEnabled, 'root');
    });

    it('a user follows two influencers and unfollows one', async () => {
      const { page } = await as(javaScriptEnabled, fanName);
      await page.goto(`${app.url}/user/influencers?niche=niche-${mode}`);
      for (const name of [`star_a_${mode}`, `star_b_${mode}`]) {
        const card = page.locator('.influencer-card', { hasText: name });
        await card.getByRole('button', { name: `Follow ${name}` }).click();
        await page.locator('.influencer-card', { hasText: name }).getByRole('button', { name: `Unfollow ${name}` }).waitFor();
      }
      assert.match((await page.locator('.influencer-card', { hasText: `star_a_${mode}` }).textContent()) ?? '', /11 followers/);
      await page.locator('.influencer-card', { hasText: `star_b_${mode}` }).getByRole('button', { name: `Unfollow star_b_${mode}` }).click();
      await page.locator('.influencer-card', { hasText: `star_b_${mode}` }).getByRole('button', { name: `Follow star_b_${mode}` }).waitFor();
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL('**/user');
      await page.getByText('Influencers you follow (1)').waitFor();
      const follows = await app.t.ctx.db('follows').join('users', 'users.id', 'follows.influencer_id').where('follows.user_id', (await app.t.ctx.db('users').where({ username: fanName }).first()).id).pluck('users.username');
      assert.deepEqual(follows, [`star_a_${mode}`]);
      await screenshot(page, `user-dashboard-following-${mode}`);
    });

    it('the admin flags a campaign with a reason: influencers stop seeing it, its sponsor sees why; then unflags it', async () => {
      const { page } = admin;
      await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await page.waitForURL('**/admin/campaigns');
      const row = page.locator('tr', { hasText: `Questionable ${mode}` });
      await row.getByLabel(`Reason for flagging “Questionable ${mode}”`).fill('Undisclosed paid claims');
      await row.getByRole('button', { name: 'Flag' }).click();
      await page.locator('tr', { hasText: `Questionable ${mode}` }).getByText('Undisclosed paid claims').waitFor();

      const creator = await as(javaScriptEnabled, creatorName);
      await creator.page.goto(`${app.url}/influencer/campaigns?q=Questionable`);
      assert.equal(await creator.page.getByText(`Questionable ${mode}`).count(), 0);
      const brand = await as(javaScriptEnabled, brandName);
      await brand.page.goto(`${app.url}/sponsor`);
      await brand.page.getByText('Reason: Undisclosed paid claims').waitFor();

      await page.locator('tr', { hasText: `Questionable ${mode}` }).getByRole('button', { name: 'Unflag' }).click();
      await page.locator('tr', { hasText: `Questionable ${mode}` }).getByRole('button', { name: 'Flag' }).waitFor();
      await creator.page.reload();
      await creator.page.getByText(`Questionable ${mode}`).waitFor();
    });

    it('the admin approves a new sponsor, who can then publish', async () => {
      const { page } = admin;
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL('**/admin');
      await page.locator('.collab', { hasText: pendingName }).getByRole('button', { name: `Approve ${pendingName}` }).click();
      await page.getByText(`${pendingName} is approved`).waitFor();

      const brand = await as(javaScriptEnabled, pendingName);
      await brand.page.goto(`${app.url}/campaigns/new`);
      await brand.page.getByLabel('Title').fill(`Fresh launch ${mode}`);
      await brand.page.getByLabel('Start date').fill('2030-01-01');
      await brand.page.getByLabel('End date').fill('2030-02-01');
      await brand.page.getByLabel('Budget (USD)').fill('800');
      await brand.page.getByLabel('Visibility').selectOption('public');
      await brand.page.getByRole('button', { name: 'Create campaign' }).click();
      await brand.page.getByText(`Campaign “Fresh launch ${mode}” created.`).waitFor();
      const row = await app.t.ctx.db('campaigns').where({ title: `Fresh launch ${mode}` }).first();
      assert.equal(row.visibility, 'public');
    });

    it('the admin suspends an influencer, who can no longer log in', async () => {
      const { page } = admin;
      const row = page.locator('tr', { hasText: `victim_${mode}` });
      await row.getByLabel(`Reason for suspending victim_${mode}`).fill('Fake engagement');
      await row.getByRole('button', { name: `Suspend victim_${mode}` }).click();
      await page.getByText(`victim_${mode} is suspended`).waitFor();
      assert.equal((await app.t.ctx.db('users').where({ id: ids.victim }).first()).status, 'suspended');

      const victim = await as(javaScriptEnabled, null);
      await victim.page.goto(`${app.url}/login`);
      await victim.page.getByLabel('Username or email').fill(`victim_${mode}`);
      await victim.page.getByLabel('Password').fill(PASSWORD);
      await victim.page.getByRole('button', { name: 'Log in' }).click();
      await victim.page.getByText('This account is suspended. Reason: Fake engagement').waitFor();
      assert.match(victim.page.url(), /\/login/);
    });

    it('the admin deletes a user after confirming', async () => {
      const { page } = admin;
      await page.locator('tr', { hasText: `doomed_${mode}` }).getByRole('link', { name: `Delete doomed_${mode}` }).click();
      await page.waitForURL(/\/admin\/users\/\d+\/delete/);
      await page.getByRole('button', { name: `Delete doomed_${mode}` }).click();
      await page.getByText(`The account doomed_${mode} and everything that belonged to it are deleted.`).waitFor();
      assert.equal(await app.t.ctx.db('users').where({ id: doomedId }).first(), undefined);
    });

    it('the admin opens the insights', async () => {
      const { page } = admin;
      await page.getByRole('link', { name: 'Insights' }).click();
      await page.waitForURL('**/admin/insights');
      await page.getByRole('heading', { name: 'Offers by status' }).waitFor();
      if (javaScriptEnabled) {
        await page.locator('#chart-followers canvas').waitFor();
        // One chart per table with something to count; an all-zero table stays a table.
        const withData = await page.evaluate(
          `[...document.querySelectorAll('figure table')].filter((t) => [...t.querySelectorAll('td')].some((td) => Number(td.textContent) > 0)).length`,
        );
        assert.ok(Number(withData) >= 4);
        assert.equal(await page.locator('figure canvas').count(), withData);
      } else {
        assert.equal(await page.locator('figure canvas').count(), 0);
      }
      // Three trends (accounts, offers, money), then campaigns flagged, visibility, accounts, offers,
      // deliverables, results, followers.
      assert.equal(await page.locator('figure table').count(), 10);
      await screenshot(page, `insights-${mode}`);
    });

    it('nothing broke in any page', async () => {
      for (const s of sessions) assert.deepEqual(s.problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    });
  });
}
