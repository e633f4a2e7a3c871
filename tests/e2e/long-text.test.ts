// Whatever people type, the page fits a 360 px phone: every user-typed field on the chat,
// collaboration, campaign and profile pages is filled, as far as the field allows, with a
// 500-character unbroken word and a 500-character link, and no page scrolls sideways, JavaScript
// on and off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { logIn, PASSWORD, signUp } from '../support/app';
import { campaignFields, inDays, postForm } from '../support/factories';
import { openSession, withBrowserApp } from '../support/browser';

const WIDTH = 360;
/** An unbroken word and a link of `n` characters (500 where the field takes that many). */
const word = (n = 500) => 'W'.repeat(n);
const link = (n = 500) => `https://example.com/${'p'.repeat(n - 20)}`;

const pages: { login: string; path: string }[] = [];

const app = withBrowserApp(async (t) => {
  const brand = request.agent(t.app);
  const { username: brandName } = await signUp(brand, 'sponsor', { industry: word(80) });
  const creator = request.agent(t.app);
  const { username: creatorName } = await signUp(creator, 'influencer', { niche: word(60) });
  const brandId = (await t.ctx.db('users').where({ username: brandName }).first('id')).id;
  const creatorId = (await t.ctx.db('users').where({ username: creatorName }).first('id')).id;
  await t.ctx.db('users').where({ id: brandId }).update({ approved_at: Date.now(), status: 'active' });
  await logIn(brand, brandName);

  const fields = campaignFields({ title: word(120), description: `${word()}\n${link()}`, niche: word(60), goals: `${link()} ${word()}` });
  assert.equal((await postForm(brand, '/campaigns', fields)).status, 303);
  const campaignId = (await t.ctx.db('campaigns').where({ sponsor_id: brandId }).first('id')).id;
  assert.equal((await postForm(brand, '/offers', { campaign_id: String(campaignId), influencer_id: String(creatorId), budget: '100.00', terms: `${word()} ${link()}`, body: `${link()}\n${word()}` })).status, 303);
  assert.equal((await postForm(brand, `/inbox/${creatorId}/messages`, { body: word() })).status, 303);
  assert.equal((await postForm(brand, `/inbox/${creatorId}/messages`, { body: link() })).status, 303);
  const offerId = (await t.ctx.db('offers').where({ campaign_id: campaignId }).first('id')).id;
  assert.equal((await postForm(creator, `/offers/${offerId}/accept`)).status, 303);
  assert.equal((await postForm(brand, `/collaborations/${offerId}/deliverables`, { title: word(100), due_date: inDays(3) })).status, 303);
  assert.equal((await postForm(brand, `/collaborations/${offerId}/deliverables`, { title: `${link(100)}`, due_date: inDays(4) })).status, 303);
  const [first, second] = await t.ctx.db('deliverables').where({ offer_id: offerId }).orderBy('id').pluck('id');
  assert.equal((await postForm(creator, `/deliverables/${first}/submit`, { url: link(), note: word() })).status, 303);
  assert.equal((await postForm(brand, `/deliverables/${first}/request-changes`, { reason: `${word(490)} ${link()}` })).status, 303);
  assert.equal((await postForm(creator, `/deliverables/${second}/submit`, { url: link(), note: link() })).status, 303);
  assert.equal((await postForm(brand, `/collaborations/${offerId}/dispute`, { reason: `${link()} ${word(490)}` })).status, 303);

  for (const path of ['/sponsor', '/sponsor/profile', `/campaigns/${campaignId}`, `/campaigns/${campaignId}/edit`, '/inbox', `/inbox/${creatorId}`, '/collaborations', `/collaborations/${offerId}`]) {
    pages.push({ login: brandName, path });
  }
  for (const path of ['/influencer', '/influencer/profile', `/campaigns/${campaignId}`, '/influencer/campaigns', '/inbox', `/inbox/${brandId}`, `/collaborations/${offerId}`]) {
    pages.push({ login: creatorName, path });
  }
});

for (const javaScriptEnabled of [true, false]) {
  describe(`long words and links at ${WIDTH} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    it('no page is wider than the screen', async () => {
      const wide: string[] = [];
      const sessions = new Map<string, Awaited<ReturnType<typeof openSession>>>();
      for (const { login, path } of pages) {
        if (!sessions.has(login)) sessions.set(login, await openSession(app, { javaScriptEnabled, username: login, password: PASSWORD, width: WIDTH, height: 640 }));
        const { page } = sessions.get(login)!;
        await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
        const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        if (width > WIDTH + 1) wide.push(`${path} (${login}): ${width} px wide`);
      }
      for (const session of sessions.values()) await session.context.close();
      assert.ok(pages.length >= 15);
      assert.deepEqual(wide, []);
    });
  });
}
