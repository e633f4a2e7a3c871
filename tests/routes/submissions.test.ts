// One write per submit: every form carries a one-time key; a repeated or concurrent submit with the
// same key creates nothing new and is answered as the first was (on SQLite and PostgreSQL alike).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { type Agent, browser, cookieFrom, csrfToken, signupFields, withTestApp } from '../support/app';
import { campaign, campaignFields, count, inDays, influencer, offer, sponsor } from '../support/factories';

const app = withTestApp();

/** The hidden fields a page's forms carry: the CSRF token and the one-time key. */
async function formKeys(agent: Agent, page: string): Promise<{ _csrf: string; _once: string }> {
  const res = await agent.get(page);
  assert.equal(res.status, 200, page);
  const once = /name="_once" value="([A-Za-z0-9_-]{16})"/.exec(res.text);
  assert.ok(once, `${page} has no one-time key`);
  return { _csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!, _once: once[1]! };
}

/** The same POST from another client that holds only the first one's csrf cookie (no session). */
async function replayFrom(agent: Agent, url: string, fields: Record<string, string>) {
  const csrf = agent.jar.getCookie('csrf', { domain: '127.0.0.1', path: '/', secure: false, script: false });
  assert.ok(csrf, 'no csrf cookie to replay');
  return request(app.t.app).post(url).set('Cookie', `csrf=${csrf.value}`).type('form').send(fields).redirects(0);
}

const post = (agent: Agent, url: string, fields: Record<string, string>) => agent.post(url).type('form').send(fields).redirects(0);

describe('one write per submit', () => {
  it('two copies of a new campaign sent at once make one campaign, both answered alike', async () => {
    const brand = await sponsor(app.t);
    const keys = await formKeys(brand.agent, '/campaigns/new');
    const fields = { ...campaignFields({ title: 'Double click launch' }), ...keys };
    const answers = await Promise.all([post(brand.agent, '/campaigns', fields), post(brand.agent, '/campaigns', fields), post(brand.agent, '/campaigns', fields)]);
    assert.deepEqual(answers.map((r) => r.status), [303, 303, 303]);
    assert.equal(new Set(answers.map((r) => r.headers.location)).size, 1);
    assert.equal(await count(app.t, 'campaigns', { sponsor_id: brand.id, title: 'Double click launch' }), 1);
    // A retry long after (the first answer was lost on the way) gets the same redirect and message.
    const retry = await post(brand.agent, '/campaigns', fields);
    assert.equal(retry.headers.location, answers[0]!.headers.location);
    assert.match(decodeURIComponent(cookieFrom(retry, 'flash') ?? ''), /Campaign “Double click launch” created/);
    assert.equal(await count(app.t, 'campaigns', { sponsor_id: brand.id, title: 'Double click launch' }), 1);
    // A new page gives a new key: the same campaign may be created again on purpose.
    const again = await post(brand.agent, '/campaigns', { ...fields, ...(await formKeys(brand.agent, '/campaigns/new')) });
    assert.equal(again.status, 303);
    assert.equal(await count(app.t, 'campaigns', { sponsor_id: brand.id, title: 'Double click launch' }), 2);
  });

  it('a chat message, an offer, a deliverable and a dispute sent twice at once are stored once', async () => {
    const brand = await sponsor(app.t);
    const influencerId = await influencer(app.t);
    const campaignId = await campaign(app.t, brand.id);
    const collaboration = await offer(app.t, { campaignId: await campaign(app.t, brand.id), sponsorId: brand.id, influencerId, status: 'accepted' });
    const twice = async (page: string, url: string, fields: Record<string, string>) => {
      const sent = { ...fields, ...(await formKeys(brand.agent, page)) };
      const answers = await Promise.all([post(brand.agent, url, sent), post(brand.agent, url, sent)]);
      assert.deepEqual(answers.map((r) => r.status), [303, 303], url);
    };
    await twice(`/inbox/${influencerId}`, `/inbox/${influencerId}/messages`, { body: 'Hello once' });
    assert.equal(await count(app.t, 'messages', { sender_id: brand.id, body: 'Hello once' }), 1);
    await twice(`/offers/new?influencer_id=${influencerId}`, '/offers', { campaign_id: String(campaignId), influencer_id: String(influencerId), budget: '250.00', terms: 'One reel' });
    assert.equal(await count(app.t, 'offers', { campaign_id: campaignId, influencer_id: influencerId }), 1);
    await twice(`/collaborations/${collaboration}`, `/collaborations/${collaboration}/deliverables`, { title: 'Only one reel', due_date: inDays(5) });
    assert.equal(await count(app.t, 'deliverables', { offer_id: collaboration, title: 'Only one reel' }), 1);
    await twice(`/collaborations/${collaboration}`, `/collaborations/${collaboration}/dispute`, { reason: 'Said once' });
    assert.equal(await count(app.t, 'disputes', { offer_id: collaboration }), 1);
  });

  it('a refused submit frees its key: the corrected form goes through', async () => {
    const brand = await sponsor(app.t);
    const keys = await formKeys(brand.agent, '/campaigns/new');
    const wrong = await post(brand.agent, '/campaigns', { ...campaignFields({ title: 'Fixed later', budget: 'lots' }), ...keys });
    assert.equal(wrong.status, 422);
    // (Let the refused answer free the key.)
    await new Promise((r) => setTimeout(r, 100));
    const right = await post(brand.agent, '/campaigns', { ...campaignFields({ title: 'Fixed later' }), ...keys });
    assert.equal(right.status, 303);
    assert.equal(await count(app.t, 'campaigns', { sponsor_id: brand.id, title: 'Fixed later' }), 1);
  });

  it('is one key per person: someone else sending the same key does their own work', async () => {
    const first = await sponsor(app.t);
    const second = await sponsor(app.t);
    const keys = await formKeys(first.agent, '/campaigns/new');
    const fields = campaignFields({ title: 'Shared key' });
    assert.equal((await post(first.agent, '/campaigns', { ...fields, ...keys })).status, 303);
    const other = await post(second.agent, '/campaigns', { ...fields, _once: keys._once, _csrf: await csrfToken(second.agent) });
    assert.equal(other.status, 303);
    assert.equal(await count(app.t, 'campaigns', { sponsor_id: second.id, title: 'Shared key' }), 1);
  });

  it('a sign-up sent twice makes one account; the repeat gets the same redirect but never a session', async () => {
    const agent = browser(app.t);
    const keys = await formKeys(agent, '/signup?role=user');
    const fields = { ...signupFields('user'), ...keys };
    const answers = await Promise.all([post(agent, '/signup', fields), post(agent, '/signup', fields)]);
    assert.deepEqual(answers.map((r) => r.status), [303, 303]);
    assert.equal(answers[0]!.headers.location, answers[1]!.headers.location);
    // Exactly one of them did the work and holds the session.
    assert.equal(answers.filter((r) => cookieFrom(r, 'session')).length, 1);
    assert.equal(await count(app.t, 'users', { username: fields.username.toLowerCase() }), 1);
    // Replayed later (the csrf cookie, token and key of the form, as an attacker who saw them would):
    // the stored answer is a redirect, not a credential.
    const replay = await replayFrom(agent, '/signup', fields);
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.location, answers[0]!.headers.location);
    assert.equal(cookieFrom(replay, 'session'), undefined);
    const row = await app.t.ctx.db('form_submissions').where({ key: fields._once }).first('cookies');
    assert.doesNotMatch(String(row?.cookies), /session=/);
  });
});
