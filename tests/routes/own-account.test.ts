// A person's own account: a download of everything held about them, and deleting it after typing
// the password, with what that does to the other side of conversations and collaborations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browser, cookieFrom, logIn, PASSWORD, withTestApp } from '../support/app';
import { account, campaign, count, inDays, influencer, offer, postForm, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

/** A sponsor with a campaign, a chat and a collaboration (a deliverable on it) with an influencer. */
async function sponsorWithHistory() {
  const brand = await sponsor(app.t);
  const creator = await influencer(app.t);
  const campaignId = await campaign(app.t, brand.id, { title: 'Exported launch' });
  const offerId = await offer(app.t, { campaignId, sponsorId: brand.id, influencerId: creator, status: 'accepted' });
  assert.equal((await postForm(brand.agent, `/inbox/${creator}/messages`, { body: 'Hello from the export' })).status, 303);
  await app.t.ctx.services.collaborations.addDeliverable(await viewerOf(app.t, brand.id), offerId, { title: 'Exported reel', dueDate: inDays(4) });
  return { brand, creator, campaignId, offerId };
}

describe('GET /account/data', () => {
  it('downloads the profile, campaigns, offers, messages and collaborations as JSON, without secrets', async () => {
    const { brand, offerId } = await sponsorWithHistory();
    const res = await brand.agent.get('/account/data');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type']!, /application\/json/);
    assert.match(res.headers['content-disposition']!, new RegExp(`attachment; filename="?influence-market-${brand.username}.json`));
    const data = JSON.parse(res.text);
    assert.equal(data.account.username, brand.username);
    assert.equal(data.account.email, `${brand.username}@example.com`);
    assert.equal(data.campaigns[0].title, 'Exported launch');
    assert.equal(data.offers[0].id, offerId);
    assert.ok(data.messages.some((m: { body: string; from: string }) => m.body === 'Hello from the export' && m.from === brand.username));
    assert.equal(data.collaborations[0].deliverables[0].title, 'Exported reel');
    assert.ok(data.collaborations[0].history.length >= 1);
    assert.doesNotMatch(res.text, /password|token_version/);
  });

  it('is linked from the profile page', async () => {
    const { brand } = await sponsorWithHistory();
    const profile = await brand.agent.get('/sponsor/profile');
    assert.match(profile.text, /href="\/account\/data"/);
    assert.match(profile.text, /href="\/account\/delete"/);
  });
});

describe('GET+POST /account/delete', () => {
  it('says what goes, asks for the password, and deletes the account with its shared conversations and collaborations', async () => {
    const { brand, creator, offerId } = await sponsorWithHistory();
    const confirm = await brand.agent.get('/account/delete');
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Your conversations, for both sides/);
    assert.match(confirm.text, /Every offer you sent or received, with its collaboration/);

    const missing = await postForm(brand.agent, '/account/delete', { password: '' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /Type your password to delete the account/);
    const wrong = await postForm(brand.agent, '/account/delete', { password: 'not my password at all' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /That is not your password/);
    assert.equal(await count(app.t, 'users', { id: brand.id }), 1);

    const done = await postForm(brand.agent, '/account/delete', { password: PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/');
    assert.equal(cookieFrom(done, 'session'), '');
    assert.equal(await count(app.t, 'users', { id: brand.id }), 0);
    // The other side: the conversation and the collaboration are gone for them too.
    assert.equal(await count(app.t, 'conversations', { influencer_id: creator }), 0);
    assert.equal(await count(app.t, 'offers', { id: offerId }), 0);
    assert.equal(await count(app.t, 'deliverables', { offer_id: offerId }), 0);
    // And the old session no longer opens anything.
    assert.equal((await brand.agent.get('/sponsor')).status, 303);
    assert.equal((await logIn(browser(app.t), brand.username)).status, 401);
  });

  it('counts wrong passwords like failed logins', async () => {
    const { brand } = await sponsorWithHistory();
    const answers = [];
    for (let i = 0; i < 11; i += 1) answers.push((await postForm(brand.agent, '/account/delete', { password: `guess ${i} of many` })).status);
    assert.deepEqual(answers, [...Array(10).fill(422), 429]);
    assert.equal(await count(app.t, 'users', { id: brand.id }), 1);
  });

  it('is refused to an admin (another admin must do it)', async () => {
    await account(app.t, 'admin', 'lonely_admin');
    const admin = browser(app.t);
    await logIn(admin, 'lonely_admin');
    const res = await postForm(admin, '/account/delete', { password: PASSWORD });
    assert.equal(res.status, 403);
    assert.equal(await count(app.t, 'users', { username: 'lonely_admin' }), 1);
  });
});
