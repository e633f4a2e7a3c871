// Live pages in real browsers: a message reaches the other side's open chat over its live stream,
// with no polling (no request to the poll route at all), the header's unread count follows on any
// page, and the inbox reorders itself. With the stream blocked (a proxy that refuses it) the chat
// falls back to polling; without JavaScript nothing changes (a reload shows everything).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openMenu, openSession, screenshot, type Session, withBrowserApp } from '../support/browser';
import { campaign, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withBrowserApp();

/** Requests the page makes to the poll route, from now on. */
function pollsOf(page: Page): string[] {
  const polls: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/poll')) polls.push(req.url());
  });
  return polls;
}

async function send(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Waits for the page's live stream to say it is up (the `ready` event). */
async function streamReady(page: Page) {
  await page.waitForResponse((res) => res.url().includes('/events') && res.status() === 200);
  // The ready event follows the headers at once; give the page a moment to take it in.
  await page.waitForTimeout(300);
}

describe('live pages (JavaScript on)', () => {
  let brand: Session;
  let creator: Session;
  let brandId: number;
  let creatorId: number;

  before(async () => {
    const s = await sponsor(app.t);
    brandId = s.id;
    creatorId = await influencer(app.t, { username: 'live_creator' });
    brand = await openSession(app, { username: s.username, width: 900 });
    creator = await openSession(app, { username: 'live_creator', width: 360, height: 640 });
  });
  after(async () => {
    await brand.context.close();
    await creator.context.close();
  });

  it('a message reaches the open chat over the stream, without a single poll request', async () => {
    const ready = streamReady(creator.page);
    await creator.page.goto(`${app.url}/inbox/${brandId}`);
    await ready;
    await brand.page.goto(`${app.url}/inbox/${creatorId}`);
    const polls = pollsOf(creator.page);
    // Left alone for longer than the 3 s poll: nothing is asked.
    await creator.page.waitForTimeout(3500);
    assert.deepEqual(polls, [], 'an idle chat with a stream does not poll');

    await send(brand.page, 'Pushed to your open chat');
    const started = Date.now();
    await creator.page.locator('.message.theirs', { hasText: 'Pushed to your open chat' }).waitFor({ timeout: 2500 });
    const took = Date.now() - started;
    assert.ok(took < 2500, `arrived in ${took} ms`);
    assert.deepEqual(polls, [], 'the message came with the stream, not a poll');
    // The sender's chat learns it was seen, also without polling.
    await brand.page.locator('.message.mine', { hasText: 'Pushed to your open chat' }).getByText('Seen').waitFor({ timeout: 3000 });
    await screenshot(creator.page, 'live-chat-phone');
    assert.deepEqual(creator.problems, []);
    assert.deepEqual(brand.problems, []);
  });

  it('the header shows the unread count on any page, and the inbox moves the conversation up', async () => {
    const ready = streamReady(creator.page);
    await creator.page.goto(`${app.url}/influencer`);
    await ready;
    await send(brand.page, 'Counted in your header');
    await creator.page.locator('.menu-unread .new-count', { hasText: '1 new' }).waitFor({ timeout: 3000 });
    await openMenu(creator.page);
    await creator.page.locator('nav .unread .new-count', { hasText: '1 new' }).waitFor();
    await screenshot(creator.page, 'live-header-phone');

    const inboxReady = streamReady(creator.page);
    await creator.page.goto(`${app.url}/inbox`);
    await inboxReady;
    await send(brand.page, 'Moved up in your inbox');
    await creator.page.locator('.inbox-card', { hasText: 'Moved up in your inbox' }).waitFor({ timeout: 3000 });
    await creator.page.locator('.inbox-card .new-count', { hasText: '2 new' }).waitFor({ timeout: 3000 });
    assert.deepEqual(creator.problems, []);
  });
});

describe('a live collaboration page (JavaScript on)', () => {
  it('shows a step the other side took in its history and results, without a reload', async () => {
    const s = await sponsor(app.t);
    const creatorId = await influencer(app.t, { username: 'collab_live_creator' });
    const offerId = await offer(app.t, { campaignId: await campaign(app.t, s.id), sponsorId: s.id, influencerId: creatorId });
    const creator = await openSession(app, { username: 'collab_live_creator', width: 360, height: 640 });
    try {
      const ready = streamReady(creator.page);
      await creator.page.goto(`${app.url}/collaborations/${offerId}`);
      await ready;
      const loads: string[] = [];
      creator.page.on('load', () => loads.push('load'));
      const { id } = await app.t.ctx.services.collaborations.addDeliverable(await viewerOf(app.t, s.id), offerId, { title: 'Pushed reel', dueDate: inDays(7) });
      await creator.page.locator('#collaboration-history', { hasText: 'Pushed reel' }).waitFor({ timeout: 3000 });
      // The results ride along with the history (out of band).
      await app.t.ctx.services.collaborations.submit(await viewerOf(app.t, creatorId), id, { url: 'https://example.com/reel', note: '' });
      await app.t.ctx.services.collaborations.recordResults(await viewerOf(app.t, s.id), id, { views: 4321, likes: 20, comments: 3, clicks: 5 });
      await creator.page.locator('#collaboration-results', { hasText: '4,321' }).waitFor({ timeout: 3000 });
      assert.equal(await creator.page.locator('#collaboration-results').count(), 1);
      assert.deepEqual(loads, [], 'no reload');
      assert.deepEqual(creator.problems, []);
    } finally {
      await creator.context.close();
    }
  });
});

describe('live pages with the stream blocked', () => {
  it('the chat falls back to polling every 3 s and still shows the message', async () => {
    const s = await sponsor(app.t);
    const creatorId = await influencer(app.t, { username: 'blocked_creator' });
    const brand = await openSession(app, { username: s.username });
    const creator = await openSession(app, { username: 'blocked_creator' });
    // A proxy that will not carry event streams.
    await creator.page.route('**/events**', (route) => route.fulfill({ status: 502, body: 'Bad gateway' }));
    try {
      await creator.page.goto(`${app.url}/inbox/${s.id}`);
      const polls = pollsOf(creator.page);
      await brand.page.goto(`${app.url}/inbox/${creatorId}`);
      await send(brand.page, 'Arrives by polling');
      await creator.page.locator('.message.theirs', { hasText: 'Arrives by polling' }).waitFor({ timeout: 8000 });
      assert.ok(polls.length > 0, 'the page polled');
    } finally {
      await brand.context.close();
      await creator.context.close();
    }
  });
});

describe('live pages without JavaScript', () => {
  it('change nothing: a reload shows the new message and the count', async () => {
    const s = await sponsor(app.t);
    const creatorId = await influencer(app.t, { username: 'nojs_creator' });
    const brand = await openSession(app, { username: s.username, javaScriptEnabled: false });
    const creator = await openSession(app, { username: 'nojs_creator', javaScriptEnabled: false });
    try {
      await brand.page.goto(`${app.url}/inbox/${creatorId}`);
      await send(brand.page, 'Seen after a reload');
      await brand.page.locator('.message.mine', { hasText: 'Seen after a reload' }).waitFor();
      await creator.page.goto(`${app.url}/influencer`);
      await creator.page.locator('nav .unread .new-count', { hasText: '1 new' }).waitFor();
      await creator.page.goto(`${app.url}/inbox/${s.id}`);
      await creator.page.locator('.message.theirs', { hasText: 'Seen after a reload' }).waitFor();
      assert.deepEqual(creator.problems, []);
    } finally {
      await brand.context.close();
      await creator.context.close();
    }
  });
});
