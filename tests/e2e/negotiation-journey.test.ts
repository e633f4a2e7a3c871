// A negotiation in two real browsers, with JavaScript on and off: an influencer finds a campaign
// sorted by budget and asks to join; the sponsor sees the green dot and counters; the influencer
// accepts; both dashboards show the collaboration. With JavaScript on, a message sent in one
// browser appears in the other's open chat without a reload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { htmxReady, openSession, screenshot, type Session, withBrowserApp } from '../support/browser';
import { campaign, inDays, influencer, sponsor } from '../support/factories';

const app = withBrowserApp();

const signedIn = (javaScriptEnabled: boolean, username: string) => openSession(app, { javaScriptEnabled, username, width: 900 });

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`a negotiation (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let brand: Session;
    let creator: Session;
    let brandName: string;
    let creatorName: string;

    before(async () => {
      const s = await sponsor(app.t);
      brandName = s.username;
      creatorName = `creator-${mode}`;
      await influencer(app.t, { username: creatorName, niche: 'trail running' });
      await campaign(app.t, s.id, { title: `Small budget ${mode}`, budgetCents: 100_000, startDate: inDays(-1), endDate: inDays(30) });
      await campaign(app.t, s.id, { title: `Big budget ${mode}`, budgetCents: 900_000, startDate: inDays(-2), endDate: inDays(60) });
      brand = await signedIn(javaScriptEnabled, brandName);
      creator = await signedIn(javaScriptEnabled, creatorName);
    });
    after(async () => {
      await brand.context.close();
      await creator.context.close();
    });

    it('the influencer finds a campaign sorted by budget and sends a request', async () => {
      const page = creator.page;
      await page.getByRole('link', { name: 'Find campaigns' }).click();
      await page.waitForURL('**/influencer/campaigns');
      await htmxReady(page, 'form.filters', javaScriptEnabled);
      await page.getByLabel('Sort by').selectOption('budget');
      if (!javaScriptEnabled) await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/sort=budget/);
      const first = page.locator('.campaign-card').first();
      await first.getByText(`Big budget ${mode}`).waitFor();
      await first.getByRole('link', { name: 'Send request' }).click();
      await page.waitForURL(/\/offers\/new\?campaign_id=/);
      await page.getByLabel('Proposed budget (USD)').fill('2000');
      await page.getByLabel('Terms').fill('Three runs filmed with your shoes');
      await page.getByLabel('Message (optional)').fill('Your trail shoes are my favourite!');
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.waitForURL(/\/inbox\/\d+$/);
      await page.getByText(`Request sent to ${brandName}.`).waitFor();
      await page.locator('.message.mine', { hasText: 'Your trail shoes are my favourite!' }).waitFor();
    });

    it('the sponsor sees the green dot and counters', async () => {
      const page = brand.page;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await page.waitForURL('**/inbox');
      const card = page.locator('.inbox-card', { hasText: creatorName });
      await card.locator('.new-count').waitFor();
      assert.match((await card.textContent()) ?? '', /1 new[\s\S]*\$2,000\.00 for “Big budget/);
      await screenshot(page, `inbox-${mode}`);
      await card.getByRole('link', { name: 'Open chat' }).click();
      await page.waitForURL(/\/inbox\/\d+$/);
      const request = page.locator('.message.theirs', { hasText: 'Your trail shoes are my favourite!' });
      assert.ok(await request.getByRole('button', { name: 'Accept' }).isVisible());
      await page.getByText('Add an offer (budget and terms)').click();
      await page.getByLabel('Campaign').selectOption({ label: `Big budget ${mode} ($9,000.00 left)` });
      await page.getByLabel('Budget (USD)').fill('1800');
      await page.getByLabel('Terms', { exact: true }).fill('Three runs, two stories');
      await page.getByLabel('Message', { exact: true }).fill('How about this?');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.locator('.message.mine', { hasText: 'How about this?' }).waitFor();
      assert.ok(await request.getByText('Replaced by a newer offer').isVisible());
      await screenshot(page, `chat-sponsor-${mode}`);
    });

    it('the influencer accepts the counter-offer', async () => {
      const page = creator.page;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await page.locator('.inbox-card', { hasText: brandName }).getByRole('link', { name: 'Open chat' }).click();
      const counter = page.locator('.message.theirs', { hasText: 'How about this?' });
      await counter.getByText('$1,800.00').waitFor();
      await counter.getByRole('button', { name: 'Accept' }).click();
      await page.getByText('Offer accepted: the collaboration is on. Open it from the offer in this chat, or from Collaborations.').waitFor();
      const line = page.locator('.message.mine', { hasText: 'Accepted the offer of $1,800.00' });
      await line.waitFor();
      // The chat leads to the new collaboration.
      assert.match((await line.getByRole('link', { name: 'Open the collaboration' }).getAttribute('href')) ?? '', /^\/collaborations\/\d+$/);
      await screenshot(page, `chat-influencer-${mode}`);
    });

    it('both dashboards show the collaboration', async () => {
      await creator.page.getByRole('link', { name: 'Dashboard' }).click();
      await creator.page.waitForURL('**/influencer');
      const collab = creator.page.locator('.collab', { hasText: `Big budget ${mode}` });
      await collab.getByText('$1,800.00').waitFor();
      assert.match((await creator.page.locator('.stats').textContent()) ?? '', /Agreed\s*\$1,800\.00[\s\S]*Still owed\s*\$1,800\.00/);
      await screenshot(creator.page, `influencer-dashboard-collab-${mode}`);

      await brand.page.getByRole('link', { name: 'Dashboard' }).click();
      await brand.page.waitForURL('**/sponsor');
      const row = brand.page.locator('.campaign-row', { hasText: `Big budget ${mode}` });
      await row.getByText('$1,800.00 of $9,000.00').waitFor();
      assert.match((await row.locator('.progress').textContent()) ?? '', /Influencers on board\s*1/);
    });

    if (javaScriptEnabled) {
      it('a message sent in one browser appears in the other’s open chat without a reload', async () => {
        const creatorChat = `${app.url}/inbox/${(await app.t.ctx.db('users').where({ username: brandName }).first()).id}`;
        const brandChat = `${app.url}/inbox/${(await app.t.ctx.db('users').where({ username: creatorName }).first()).id}`;
        await creator.page.goto(creatorChat);
        await brand.page.goto(brandChat);
        const loads: string[] = [];
        creator.page.on('load', () => loads.push('load'));
        await brand.page.getByLabel('Message', { exact: true }).fill('Parcel with the shoes is on its way');
        await brand.page.getByRole('button', { name: 'Send', exact: true }).click();
        const started = Date.now();
        await creator.page.locator('.message.theirs', { hasText: 'Parcel with the shoes is on its way' }).waitFor({ timeout: 8000 });
        assert.ok(Date.now() - started < 8000);
        assert.deepEqual(loads, [], 'the influencer’s page was not reloaded');
        // Their side then learns it was seen.
        await brand.page.locator('.message.mine', { hasText: 'Parcel with the shoes is on its way' }).getByText('Seen').waitFor({ timeout: 8000 });
      });
    }

    it('a long conversation opens at its newest message, and reads back through the earlier ones', async () => {
      const brandId = (await app.t.ctx.db('users').where({ username: brandName }).first()).id;
      const creatorId = (await app.t.ctx.db('users').where({ username: creatorName }).first()).id;
      for (let i = 1; i <= 120; i += 1) {
        await app.t.ctx.services.messages.send({ sponsorId: brandId, influencerId: creatorId, senderId: i % 2 ? creatorId : brandId, body: `Long chat ${i} ${mode}` });
      }
      const page = brand.page;
      await page.goto(`${app.url}/inbox/${creatorId}`);
      const chat = page.locator('#chat-messages');
      const message = (i: number) => page.locator('.message .body').filter({ hasText: new RegExp(`^Long chat ${i} ${mode}$`) });
      const inView = async (i: number) => {
        const [box, item] = [await chat.boundingBox(), await message(i).boundingBox()];
        return !!box && !!item && item.y >= box.y - 1 && item.y + item.height <= box.y + box.height + 1;
      };
      assert.equal(await message(120).count(), 1);
      assert.ok(await inView(120), 'the newest message is in view without scrolling');
      assert.equal(await inView(21), false, 'the oldest shown is scrolled away');
      assert.equal(await message(20).count(), 0, 'only the latest 100 are on the page');
      await screenshot(page, `chat-long-${mode}`);

      await page.getByRole('link', { name: 'Show earlier messages' }).click();
      await page.waitForURL(/\?before=\d+$/);
      await message(20).waitFor();
      assert.equal(await message(21).count(), 0);
      assert.equal(await message(1).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Show earlier messages' }).count(), 0, 'nothing earlier than the first message');
      assert.equal(await chat.getAttribute('hx-trigger'), null, 'history is not polled');
      await screenshot(page, `chat-earlier-${mode}`);

      await page.getByRole('link', { name: 'Show the latest messages' }).click();
      await page.waitForURL(/\/inbox\/\d+$/);
      await message(120).waitFor();
      assert.ok(await inView(120));
    });

    it('nothing broke in either page', async () => {
      for (const side of [brand, creator]) assert.deepEqual(side.problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    });
  });
}
