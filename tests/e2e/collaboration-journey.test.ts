// A collaboration in three real browsers, with JavaScript on and off: the sponsor sets a
// deliverable; the influencer submits a bad link, then a good one; the sponsor asks for changes,
// then approves; the influencer enters results; the sponsor is asked before paying while another
// deliverable is open; the influencer opens a dispute and the admin resolves it; both sides read the
// answer. Phone-sized for the two sides, desktop for the admin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openMenu, openSession, screenshot, type Session, withBrowserApp } from '../support/browser';
import { account, campaign, inDays, influencer, offer, sponsor } from '../support/factories';

const app = withBrowserApp();

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`a collaboration (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let brand: Session;
    let creator: Session;
    let admin: Session;
    let path: string;
    const deliverable = (s: Session, title: string) => s.page.locator('li.deliverable', { hasText: title });

    before(async () => {
      const s = await sponsor(app.t);
      const creatorName = `collab-${mode}`;
      const influencerId = await influencer(app.t, { username: creatorName });
      const adminName = `admin-collab-${mode}`;
      await account(app.t, 'admin', adminName);
      const campaignId = await campaign(app.t, s.id, { title: `Autumn trails ${mode}`, budgetCents: 500_000 });
      const offerId = await offer(app.t, { campaignId, sponsorId: s.id, influencerId, budgetCents: 120_000, status: 'accepted' });
      path = `/collaborations/${offerId}`;
      brand = await openSession(app, { javaScriptEnabled, username: s.username, width: 360 });
      creator = await openSession(app, { javaScriptEnabled, username: creatorName, width: 360 });
      admin = await openSession(app, { javaScriptEnabled, username: adminName, width: 1280 });
    });
    after(async () => {
      for (const s of [brand, creator, admin]) await s.context.close();
    });

    it('the sponsor finds the collaboration and sets two deliverables, after a date in the past is refused', async () => {
      const page = brand.page;
      await openMenu(page);
      await page.getByRole('link', { name: 'Collaborations' }).first().click();
      await page.waitForURL('**/collaborations');
      await page.getByRole('link', { name: `Autumn trails ${mode}` }).click();
      await page.waitForURL(`**${path}`);
      await page.getByLabel('Title').fill('Trail reel');
      await page.getByLabel('Due date').fill(inDays(-1));
      await page.getByRole('button', { name: 'Add deliverable' }).click();
      await page.getByText('Due date cannot be in the past.').waitFor();
      assert.equal(await page.getByLabel('Title').inputValue(), 'Trail reel');
      await page.getByLabel('Due date').fill(inDays(5));
      await page.getByRole('button', { name: 'Add deliverable' }).click();
      await deliverable(brand, 'Trail reel').waitFor();
      await page.getByLabel('Title').fill('Summit story');
      await page.getByLabel('Due date').fill(inDays(9));
      await page.getByRole('button', { name: 'Add deliverable' }).click();
      await deliverable(brand, 'Summit story').waitFor();
    });

    it('the influencer sees it due on the dashboard and submits it, after a link that is not http is refused', async () => {
      const page = creator.page;
      await openMenu(page);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL('**/influencer');
      await page.locator('.collab', { hasText: 'Trail reel' }).getByRole('link', { name: 'Trail reel' }).click();
      await page.waitForURL(`**${path}*`);
      await deliverable(creator, 'Trail reel').locator('summary').click();
      await deliverable(creator, 'Trail reel').getByLabel('Link to the published post').fill('javascript:alert(1)');
      await deliverable(creator, 'Trail reel').getByRole('button', { name: 'Submit for review' }).click();
      await page.getByText('The link must be a whole web address that starts with http:// or https:// and a site name.').waitFor();
      await deliverable(creator, 'Trail reel').getByLabel('Link to the published post').fill('https://video.example/trail-reel');
      await deliverable(creator, 'Trail reel').getByRole('button', { name: 'Submit for review' }).click();
      await deliverable(creator, 'Trail reel').getByText('Submitted, awaiting review').waitFor();
    });

    it('the sponsor sees it awaiting review, asks for changes, then approves the second submission', async () => {
      const page = brand.page;
      await openMenu(page);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL('**/sponsor');
      await page.getByRole('heading', { name: 'Awaiting your review' }).waitFor();
      await page.getByRole('link', { name: 'Trail reel' }).click();
      await page.waitForURL(`**${path}*`);
      await deliverable(brand, 'Trail reel').locator('summary', { hasText: 'Ask for changes' }).click();
      await deliverable(brand, 'Trail reel').getByLabel('What should change').fill('Show the shoes at the start');
      await deliverable(brand, 'Trail reel').getByRole('button', { name: 'Send back' }).click();
      await deliverable(brand, 'Trail reel').getByText('Changes requested: Show the shoes at the start').waitFor();

      await creator.page.goto(`${app.url}${path}`);
      await deliverable(creator, 'Trail reel').locator('summary', { hasText: 'Submit again' }).click();
      await deliverable(creator, 'Trail reel').getByLabel('Link to the published post').fill('https://video.example/trail-reel-2');
      await deliverable(creator, 'Trail reel').getByRole('button', { name: 'Submit for review' }).click();
      await deliverable(creator, 'Trail reel').getByText('Submitted, awaiting review').waitFor();

      await page.goto(`${app.url}${path}`);
      await deliverable(brand, 'Trail reel').getByRole('button', { name: /Approve/ }).click();
      await deliverable(brand, 'Trail reel').getByText('Approved', { exact: true }).waitFor();
    });

    it('the influencer enters results and both see the engagement rate and cost per engagement', async () => {
      const page = creator.page;
      await page.goto(`${app.url}${path}`);
      await deliverable(creator, 'Trail reel').locator('summary', { hasText: 'Enter results' }).click();
      const form = deliverable(creator, 'Trail reel');
      await form.getByLabel('Views').fill('12,000');
      await form.getByLabel('Likes').fill('900');
      await form.getByLabel('Comments').fill('60');
      await form.getByLabel('Clicks').fill('240');
      await form.getByRole('button', { name: 'Save results' }).click();
      await page.getByText('Results saved.').waitFor();
      // (900 + 60) / 12,000 = 8.0 %; $1,200 / 1,200 engagements = $1.00
      await page.locator('.results', { hasText: '8.0%' }).waitFor();
      await brand.page.goto(`${app.url}${path}`);
      await brand.page.locator('.results', { hasText: '$1.00' }).waitFor();
      await screenshot(brand.page, `collaboration-sponsor-${mode}`);
    });

    it('the sponsor is asked before paying while “Summit story” is open, and pays on confirming', async () => {
      const page = brand.page;
      await page.getByRole('button', { name: 'Mark paid' }).click();
      await page.getByText('1 deliverable is not approved yet').waitFor();
      await page.getByRole('button', { name: 'Mark paid anyway' }).click();
      await page.getByText(/Paid \d+ \w+, \d\d:\d\d UTC/).waitFor();
    });

    it('the influencer opens a dispute; the admin resolves it; both read the answer, also in their chat', async () => {
      await creator.page.goto(`${app.url}${path}`);
      await creator.page.getByText('Open a dispute').click();
      await creator.page.getByLabel('What went wrong').fill(`The story brief changed after filming (${mode})`);
      await creator.page.getByRole('button', { name: 'Open dispute' }).click();
      await creator.page.getByText('Dispute opened').waitFor();

      const page = admin.page;
      await page.goto(`${app.url}/admin`);
      await page.getByRole('link', { name: /open disputes?$/ }).click();
      await page.waitForURL('**/admin/disputes');
      const card = page.locator('.disputes li', { hasText: `The story brief changed after filming (${mode})` });
      await card.getByLabel('Resolution (both sides see it)').fill('Film the story again; the sponsor covers travel');
      await card.getByRole('button', { name: 'Resolve' }).click();
      await page.getByText('Dispute resolved').waitFor();
      await screenshot(page, `disputes-admin-${mode}`);

      for (const side of [brand, creator]) {
        await side.page.goto(`${app.url}${path}`);
        await side.page.getByText('The admin’s answer').waitFor();
        await side.page.getByText('Film the story again; the sponsor covers travel').first().waitFor();
      }
      await openMenu(creator.page);
      await creator.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await creator.page.locator('.inbox-card').first().getByRole('link', { name: 'Open chat' }).click();
      await creator.page.locator('.message.system', { hasText: 'The admin resolved the dispute' }).waitFor();
      await screenshot(creator.page, `collaboration-chat-${mode}`);
    });
  });
}
