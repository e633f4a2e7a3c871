// A sponsor's first campaign, in a real browser with JavaScript on and off: sign up, get approved,
// create two campaigns, make one private, find an influencer by niche sorted by followers, send an
// offer, and watch the campaign's progress once the offer is accepted and paid.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { now } from '../../src/db';
import { PASSWORD } from '../support/app';
import { htmxReady, screenshot, watchForProblems, withBrowserApp } from '../support/browser';
import { inDays, influencer } from '../support/factories';

const app = withBrowserApp(async (t) => {
  await influencer(t, { username: 'top_hiker', category: 'Travel', niche: 'Mountain hiking', followers: 2400 });
  await influencer(t, { username: 'small_hiker', category: 'Travel', niche: 'hiking for beginners', followers: 120 });
  await influencer(t, { username: 'baker', category: 'Food & Drink', niche: 'sourdough', followers: 9000 });
});

async function createCampaign(page: Page, title: string, budget: string) {
  await page.getByRole('link', { name: 'New campaign' }).first().click();
  await page.waitForURL('**/campaigns/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill(`${title}: boots and tents`);
  await page.getByLabel('Start date').fill(inDays(-3));
  await page.getByLabel('End date').fill(inDays(27));
  await page.getByLabel('Budget (USD)').fill(budget);
  await page.getByLabel('Visibility').selectOption('public');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL('**/sponsor');
  await page.getByText(`Campaign “${title}” created.`).waitFor();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`a sponsor's first campaign (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let context: BrowserContext;
    let page: Page;
    let problems: string[];
    const username = `brand-${mode}`;

    before(async () => {
      context = await app.chromium.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 800 } });
      page = await context.newPage();
      problems = watchForProblems(page);
    });
    after(() => context.close());

    it('signs up and waits for approval', async () => {
      await page.goto(`${app.url}/signup?role=sponsor`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Email').fill(`${username}@example.com`);
      await page.getByLabel('Phone').fill('+44 20 7946 0101');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Industry').fill('Outdoor gear');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/sponsor');
      await page.getByText(/awaiting the admin’s approval/).waitFor();
      // The admin's approval screen is another area's work; approve the account directly.
      await app.t.ctx.db('users').where({ username }).update({ status: 'active', approved_at: now() });
      await page.reload();
      assert.equal(await page.getByText(/awaiting the admin’s approval/).count(), 0);
    });

    it('creates two campaigns and makes one private', async () => {
      await createCampaign(page, `Trail boots ${mode}`, '5000');
      await createCampaign(page, `Winter tents ${mode}`, '2500.50');
      const tents = page.locator('.campaign-row', { hasText: `Winter tents ${mode}` });
      assert.equal(await tents.locator('.badge-public').count(), 1);
      const before = page.url();
      await tents.getByRole('button', { name: 'Make private' }).click();
      await tents.locator('.badge-private').waitFor();
      if (javaScriptEnabled) assert.equal(page.url(), before, 'the row is swapped in place');
      else await page.getByText(`“Winter tents ${mode}” is now private.`).waitFor();
      assert.equal(await page.locator('.campaign-row', { hasText: `Trail boots ${mode}` }).locator('.badge-public').count(), 1);
      const row = await app.t.ctx.db('campaigns').where({ title: `Winter tents ${mode}` }).first();
      assert.equal(row.visibility, 'private');
      await screenshot(page, `sponsor-campaigns-${mode}`);
    });

    it('finds an influencer by niche, sorted by followers, and sends an offer', async () => {
      await page.getByRole('link', { name: 'Find influencers' }).click();
      await page.waitForURL('**/sponsor/influencers');
      await htmxReady(page, 'form.filters', javaScriptEnabled);
      await page.getByLabel('Niche').fill('hiking');
      await page.getByLabel('Sort by').selectOption('followers');
      if (!javaScriptEnabled) await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/niche=hiking/);
      await page.getByText('2 influencers').waitFor();
      const cards = page.locator('.influencer-card h3');
      assert.deepEqual((await cards.allTextContents()).map((s) => s.split(' ')[0]), ['top_hiker', 'small_hiker']);
      await screenshot(page, `sponsor-search-${mode}`);

      await page.locator('.influencer-card', { hasText: 'top_hiker' }).getByRole('link', { name: 'Send offer' }).click();
      await page.waitForURL(/\/offers\/new\?influencer_id=/);
      await page.getByLabel('Campaign').selectOption({ label: `Trail boots ${mode} ($5,000.00 left)` });
      await page.getByLabel('Budget (USD)').fill('9000');
      await page.getByLabel('Terms').fill('Two posts and one video');
      await page.getByRole('button', { name: 'Send offer' }).click();
      await page.getByText('Only $5,000.00 of this campaign’s budget is left.').waitFor();
      assert.equal(await page.getByLabel('Terms').inputValue(), 'Two posts and one video');
      await page.getByLabel('Budget (USD)').fill('1200');
      await page.getByLabel('Message (optional)').fill('Love your mountain videos!');
      await page.getByRole('button', { name: 'Send offer' }).click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      await page.getByText('Offer sent to top_hiker.').waitFor();
      assert.ok(await page.locator('tr', { hasText: 'top_hiker' }).getByText('pending').isVisible());
    });

    it('sees progress once the offer is accepted, and marks it paid', async () => {
      // Accepting is the influencer's side (the inbox work): here through the offers service.
      const campaignId = Number(/\/campaigns\/(\d+)$/.exec(page.url())![1]);
      const sent = await app.t.ctx.db('offers').where({ campaign_id: campaignId }).first('id', 'influencer_id');
      await app.t.ctx.services.offers.answer({ id: sent.influencer_id, role: 'influencer', status: 'active' }, sent.id, 'accept');
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL('**/sponsor');
      const row = page.locator('.campaign-row', { hasText: `Trail boots ${mode}` });
      await row.getByText('$1,200.00 of $5,000.00').waitFor();
      assert.match((await row.locator('.progress').textContent()) ?? '', /4 of 31 days[\s\S]*Influencers on board\s*1/);
      await screenshot(page, `sponsor-progress-${mode}`);

      await row.getByRole('link', { name: 'View' }).click();
      await page.locator('.collab', { hasText: 'top_hiker' }).getByRole('button', { name: 'Mark paid' }).click();
      await page.locator('.collab', { hasText: 'top_hiker' }).locator('.badge-paid').waitFor();
      const offer = await app.t.ctx.db('offers').where({ campaign_id: campaignId }).first();
      assert.ok(offer.paid_at);
    });

    it('nothing broke in the page', async () => {
      assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    });
  });
}
