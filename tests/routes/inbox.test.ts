import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, browser, createTestApp, logIn, type TestApp } from '../support/app';
import { account, campaign, count, inDays, influencer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

interface Side {
  agent: Agent;
  id: number;
  username: string;
}

async function influencerSide(options: Parameters<typeof influencer>[1] = {}): Promise<Side> {
  const id = await influencer(t, options);
  const { username } = await t.ctx.db('users').where({ id }).first();
  const agent = browser(t);
  await logIn(agent, username);
  return { agent, id, username };
}

/** A sponsor with a campaign, an influencer, and the sponsor's first offer between them. */
async function negotiation(budgetCents = 500_000) {
  const brand = await sponsor(t);
  const creator = await influencerSide();
  const campaignId = await campaign(t, brand.id, { budgetCents, title: `Campaign of ${brand.username}` });
  const res = await postForm(brand.agent, '/offers', {
    campaign_id: String(campaignId),
    influencer_id: String(creator.id),
    budget: '1000',
    terms: 'Two posts',
    body: 'Hello from the brand',
  });
  assert.equal(res.status, 303);
  const offer = await t.ctx.db('offers').where({ campaign_id: campaignId }).orderBy('id', 'desc').first();
  return { brand, creator, campaignId, offerId: offer.id as number };
}

const offerRow = (id: number) => t.ctx.db('offers').where({ id }).first();

describe('GET /inbox', () => {
  it('shows one card per counterpart, newest first, with the last message, the latest offer and a green dot for unseen', async () => {
    const brand = await sponsor(t);
    const first = await influencerSide({ username: 'first_creator' });
    const second = await influencerSide({ username: 'second_creator' });
    const campaignId = await campaign(t, brand.id);
    await postForm(brand.agent, '/offers', { campaign_id: String(campaignId), influencer_id: String(first.id), budget: '100', terms: 'One post', body: 'To first' });
    await postForm(brand.agent, '/offers', { campaign_id: String(campaignId), influencer_id: String(second.id), budget: '200', terms: 'Two posts', body: 'To second' });
    await postForm(first.agent, `/inbox/${brand.id}/messages`, { body: 'Reply from first <b>bold</b>' });

    const page = await brand.agent.get('/inbox').expect(200);
    const order = [...page.text.matchAll(/<h2><a href="\/inbox\/(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(order, [first.id, second.id]);
    assert.match(page.text, /class="new-count">1 new[\s\S]*first_creator/);
    assert.match(page.text, /Reply from first &lt;b&gt;bold&lt;\/b&gt;/);
    assert.match(page.text, /You: To second/);
    assert.match(page.text, /\$200\.00 for “[^”]+” · Pending · Two posts/);
    const list = page.text.slice(page.text.indexOf('id="inbox-list"'));
    assert.equal((list.match(/class="new-count"/g) ?? []).length, 1);
    // The header says it too, on every page: one unread message.
    assert.match(page.text.slice(0, page.text.indexOf('<main')), /class="new-count">1 new/);

    // The first creator replied without opening the chat: the brand's message is still unseen there.
    const theirs = await first.agent.get('/inbox').expect(200);
    assert.match(theirs.text, new RegExp(`<a href="/inbox/${brand.id}">${brand.username}</a>`));
    assert.match(theirs.text, /1 new/);
    await first.agent.get(`/inbox/${brand.id}`);
    assert.doesNotMatch((await first.agent.get('/inbox')).text, /class="new-count"/);
  });

  it('is for sponsors and influencers only', async () => {
    const agent = browser(t);
    await logIn(agent, (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username);
    assert.equal((await agent.get('/inbox')).status, 403);
    assert.equal((await browser(t).get('/inbox')).status, 303);
  });
});

describe('GET /inbox/:userId (chat)', () => {
  it('shows mine on the right, theirs on the left, each offer with its status, and marks theirs seen', async () => {
    const { brand, creator } = await negotiation();
    const chat = await creator.agent.get(`/inbox/${brand.id}`).expect(200);
    assert.match(chat.text, /<li class="message theirs"[\s\S]*Hello from the brand[\s\S]*dot-pending[\s\S]*\$1,000\.00[\s\S]*Accept<\/button>/);
    const seen = await t.ctx.db('messages').where({ recipient_id: creator.id }).first();
    assert.ok(seen.seen_at, 'opening the chat marks their messages seen');
    const sponsorView = await brand.agent.get(`/inbox/${creator.id}`);
    assert.match(sponsorView.text, /<li class="message mine"[\s\S]*Hello from the brand[\s\S]*Seen/);
    assert.doesNotMatch(sponsorView.text, /Accept<\/button>/, 'no accepting one’s own offer');
  });

  it('shows message text escaped: a <script> stays text', async () => {
    const { brand, creator } = await negotiation();
    await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: '<script>alert(1)</script>' });
    const chat = await brand.agent.get(`/inbox/${creator.id}`);
    assert.match(chat.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(chat.text, /<script>alert/);
  });

  it('keeps conversations private: two sponsors and two influencers see only their own', async () => {
    const a = await negotiation();
    const b = await negotiation();
    // A sponsor opening another sponsor's counterpart sees an empty chat, never their messages.
    const peek = await b.brand.agent.get(`/inbox/${a.creator.id}`).expect(200);
    assert.doesNotMatch(peek.text, /Hello from the brand/);
    assert.doesNotMatch((await b.brand.agent.get('/inbox')).text, new RegExp(a.creator.username));
    assert.doesNotMatch((await b.creator.agent.get('/inbox')).text, new RegExp(a.brand.username));
    // Someone of my own role, myself, an admin or a user is no counterpart at all.
    for (const [agent, id] of [
      [a.brand.agent, b.brand.id],
      [a.brand.agent, a.brand.id],
      [a.creator.agent, b.creator.id],
      [a.creator.agent, await account(t, 'admin')],
      [a.creator.agent, await account(t, 'user')],
      [a.creator.agent, 99_999_999],
    ] as const) {
      assert.equal((await agent.get(`/inbox/${id}`)).status, 404);
      assert.equal((await postForm(agent, `/inbox/${id}/messages`, { body: 'hi' })).status, 404);
    }
  });
});

describe('GET /inbox/:userId?before= (earlier messages)', () => {
  it('shows the latest 100, and reads back through the rest 100 at a time, unpolled, from either side', async () => {
    const { brand, creator } = await negotiation();
    // 'Hello from the brand' (with the offer) came first; 230 more follow it, alternating sides.
    for (let i = 1; i <= 230; i += 1) {
      const senderId = i % 2 ? creator.id : brand.id;
      await t.ctx.services.messages.send({ sponsorId: brand.id, influencerId: creator.id, senderId, body: `Message number ${i}.` });
    }
    const bodies = (html: string) => [...html.matchAll(/Message number (\d+)\./g)].map((m) => Number(m[1]));
    const earlierLink = (html: string) => /href="\/inbox\/\d+\?before=(\d+)">Show earlier messages<\/a>/.exec(html)?.[1];

    const latest = await brand.agent.get(`/inbox/${creator.id}`).expect(200);
    assert.deepEqual(bodies(latest.text), Array.from({ length: 100 }, (_, i) => 131 + i));
    assert.match(latest.text, /hx-trigger="every 3s, sse:refresh" sse-swap="chat-\d+"/);
    assert.doesNotMatch(latest.text, /Show the latest messages/);
    const before1 = earlierLink(latest.text);
    assert.ok(before1, 'a link to the earlier messages');

    const middle = await brand.agent.get(`/inbox/${creator.id}?before=${before1}`).expect(200);
    assert.deepEqual(bodies(middle.text), Array.from({ length: 100 }, (_, i) => 31 + i));
    assert.doesNotMatch(middle.text, /hx-trigger=/, 'history is not polled');
    assert.match(middle.text, new RegExp(`href="/inbox/${creator.id}">Show the latest messages</a>`));
    assert.match(middle.text, /<form method="post" action="\/inbox\/\d+\/messages"/, 'one can still write from there');

    const first = await brand.agent.get(`/inbox/${creator.id}?before=${earlierLink(middle.text)}`).expect(200);
    assert.deepEqual(bodies(first.text), Array.from({ length: 30 }, (_, i) => 1 + i));
    assert.match(first.text, /Hello from the brand/);
    assert.equal(earlierLink(first.text), undefined, 'nothing before the first message');
    // The other side reads the same stretches.
    assert.deepEqual(bodies((await creator.agent.get(`/inbox/${brand.id}?before=${before1}`)).text), bodies(middle.text));
    assert.match((await brand.agent.get(`/inbox/${creator.id}?before=1`)).text, /No earlier messages\./);
  });

  it('shows the latest messages for a before that is not a message id', async () => {
    const { brand, creator } = await negotiation();
    for (const before of ['abc', '-5', '0', '1e3', '99999999999999999999', '9007199254740993', '']) {
      const res = await brand.agent.get(`/inbox/${creator.id}?before=${encodeURIComponent(before)}`).expect(200);
      assert.match(res.text, /Hello from the brand/, before);
      assert.match(res.text, /hx-trigger="every 3s, sse:refresh" sse-swap="chat-\d+"/, before);
    }
    const repeated = await brand.agent.get(`/inbox/${creator.id}?before=5&before=6`).expect(200);
    assert.match(repeated.text, /hx-trigger="every 3s, sse:refresh" sse-swap="chat-\d+"/);
  });

  it('never shows what I deleted from my inbox, nor another pair’s messages', async () => {
    const a = await negotiation();
    const b = await negotiation();
    await postForm(a.brand.agent, `/inbox/${a.creator.id}/delete`);
    await postForm(a.creator.agent, `/inbox/${a.brand.id}/messages`, { body: 'After the delete' });
    // A before past every message, or past any id a row can have, reads from the newest.
    assert.match((await a.brand.agent.get(`/inbox/${a.creator.id}?before=2147483647`)).text, /After the delete/);
    assert.match((await a.brand.agent.get(`/inbox/${a.creator.id}?before=2147483648`)).text, /After the delete/);
    const after = (await a.brand.agent.get(`/inbox/${a.creator.id}?before=999999999`)).text;
    assert.match(after, /After the delete/);
    assert.doesNotMatch(after, /Hello from the brand/);
    // b's sponsor reading back through a's influencer finds nothing of a's.
    const peek = (await b.brand.agent.get(`/inbox/${a.creator.id}?before=999999999`)).text;
    assert.doesNotMatch(peek, /Hello from the brand|After the delete/);
  });
});

describe('GET /inbox/:userId/poll', () => {
  it('answers 204 with no body while nothing changed, and the messages once something did', async () => {
    const { brand, creator } = await negotiation();
    const chat = await brand.agent.get(`/inbox/${creator.id}`);
    const version = /poll\?v=(\d+)/.exec(chat.text)![1];
    const idle = await brand.agent.get(`/inbox/${creator.id}/poll?v=${version}`).set('HX-Request', 'true');
    assert.equal(idle.status, 204);
    assert.equal(idle.text, '');

    await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: 'Something new' });
    const fresh = await brand.agent.get(`/inbox/${creator.id}/poll?v=${version}`).set('HX-Request', 'true');
    assert.equal(fresh.status, 200);
    assert.match(fresh.text, /^<div id="chat-messages"/);
    assert.match(fresh.text, /Something new/);
    const next = /poll\?v=(\d+)/.exec(fresh.text)![1];
    assert.notEqual(next, version);
    // Polling marked it seen; the sender's open chat now learns that too.
    assert.ok((await t.ctx.db('messages').where({ body: 'Something new' }).first()).seen_at);
    assert.equal((await brand.agent.get(`/inbox/${creator.id}/poll?v=${next}`)).status, 204);
  });

  it('never answers "nothing new" to a revoked session, a stranger, another role or a bad version', async () => {
    const { brand, creator } = await negotiation();
    const chat = await brand.agent.get(`/inbox/${creator.id}`);
    const version = /poll\?v=(\d+)/.exec(chat.text)![1]!;
    const poll = (agent: Agent, path = `/inbox/${creator.id}/poll?v=${version}`) => agent.get(path).set('HX-Request', 'true');
    assert.equal((await poll(brand.agent)).status, 204);

    // Another sponsor, a user and a visitor asking about the same pair learn nothing.
    const other = await sponsor(t);
    assert.equal((await poll(other.agent)).status, 200, 'another sponsor gets their own (empty) chat, not this one');
    assert.doesNotMatch((await poll(other.agent)).text, /Hello from the brand/);
    const fan = browser(t);
    await logIn(fan, (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username);
    assert.equal((await poll(fan)).status, 403);
    const visitor = await poll(browser(t));
    assert.notEqual(visitor.status, 204);
    assert.equal(visitor.headers['hx-redirect'] ?? visitor.headers.location, `/login?next=${encodeURIComponent(`/inbox/${creator.id}/poll?v=${version}`)}`);
    // Odd versions go the long way round and get the messages.
    assert.equal((await poll(brand.agent, `/inbox/${creator.id}/poll?v=abc`)).status, 200);
    assert.equal((await poll(brand.agent, `/inbox/${creator.id}/poll?v=0`)).status, 200);

    // Suspension revokes the session at once: the old cookie no longer gets 204.
    assert.ok(await t.ctx.services.moderation.suspend(brand.id, 'Testing'));
    const revoked = await t.ctx.db('users').where({ id: brand.id }).first();
    assert.equal(revoked.status, 'suspended');
    assert.notEqual((await poll(brand.agent)).status, 204);
  });
});

describe('POST /inbox/:userId/messages', () => {
  it('refuses a sponsor awaiting approval or turned down (403, saying why), storing nothing', async () => {
    const influencerId = await influencer(t);
    for (const status of ['pending', 'rejected']) {
      const { agent, id } = await sponsor(t, { approved: false });
      await t.ctx.db('users').where({ id }).update({ status });
      const res = await postForm(agent, `/inbox/${influencerId}/messages`, { body: 'Buy our stuff' });
      assert.equal(res.status, 403, status);
      assert.match(res.text, /awaits the admin’s approval/);
      assert.equal(await t.ctx.db('messages').where({ sender_id: id }).count({ n: '*' }).first().then((r) => Number(r?.n)), 0);
    }
  });

  it('refuses an offer without a campaign (422, nothing stored, what was typed kept), never sending the message alone', async () => {
    const { brand, creator } = await negotiation();
    const before = await t.ctx.db('messages').count({ n: '*' }).first();
    const res = await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: 'Here is my price', campaign_id: '', budget: '900', terms: 'One reel' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Choose the campaign this offer is for/);
    assert.match(res.text, /<details open>/);
    assert.match(res.text, /value="900"/);
    assert.match(res.text, /One reel<\/textarea>/);
    assert.deepEqual(await t.ctx.db('messages').count({ n: '*' }).first(), before);
  });

  it('sends a plain message and redirects back to the chat', async () => {
    const { brand, creator } = await negotiation();
    const res = await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: 'Thanks!' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/inbox/${brand.id}`);
    const message = await t.ctx.db('messages').where({ sender_id: creator.id, body: 'Thanks!' }).first();
    assert.equal(message.recipient_id, brand.id);
    assert.equal(message.offer_id, null);
  });

  it('sends a counter-offer that supersedes the pending one', async () => {
    const { brand, creator, campaignId, offerId } = await negotiation();
    const res = await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: '', campaign_id: String(campaignId), budget: '1250', terms: 'Two posts and a reel' });
    assert.equal(res.status, 303);
    const offers = await t.ctx.db('offers').where({ campaign_id: campaignId }).orderBy('id');
    assert.deepEqual(offers.map((o) => [o.status, Number(o.budget_cents), o.proposed_by]), [
      ['superseded', 100_000, brand.id],
      ['pending', 125_000, creator.id],
    ]);
    assert.equal(offers[0].id, offerId);
    assert.equal(offers[0].superseded_by, offers[1].id);
    const message = await t.ctx.db('messages').where({ offer_id: offers[1].id }).first();
    assert.equal(message.body, `Offer: $1,250.00 for “Campaign of ${brand.username}”.`);
    const chat = await brand.agent.get(`/inbox/${creator.id}`);
    assert.match(chat.text, /Replaced by a newer offer/);
    assert.match(chat.text, new RegExp(`action="/offers/${offers[1].id}/accept"`));
  });

  describe('bad input: 4xx, nothing written', () => {
    async function unchanged(run: () => Promise<{ status: number; text: string }>, status: number, message: RegExp) {
      const before = [await count(t, 'messages'), await count(t, 'offers')];
      const res = await run();
      assert.equal(res.status, status);
      assert.match(res.text, message);
      assert.deepEqual([await count(t, 'messages'), await count(t, 'offers')], before);
    }

    it('an empty message', async () => {
      const { brand, creator } = await negotiation();
      await unchanged(() => postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: '   ' }), 422, /Write a message, or add an offer/);
    });

    it('an offer without a positive budget, or without terms, keeping what was typed', async () => {
      const { brand, creator, campaignId } = await negotiation();
      for (const budget of ['0', '-3', 'abc', '']) {
        await unchanged(
          () => postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: 'Counter', campaign_id: String(campaignId), budget, terms: 'x' }),
          422,
          /Counter<\/textarea>[\s\S]*(positive amount|needs a budget)/,
        );
      }
      await unchanged(() => postForm(creator.agent, `/inbox/${brand.id}/messages`, { campaign_id: String(campaignId), budget: '10' }), 422, /Terms is required/);
    });

    it('an offer on a campaign that is private, flagged, over, or another sponsor’s', async () => {
      const { brand, creator } = await negotiation();
      const privateOne = await campaign(t, brand.id, { visibility: 'private' });
      const flagged = await campaign(t, brand.id, { flagged: true });
      const over = await campaign(t, brand.id, { startDate: inDays(-30), endDate: inDays(-2) });
      const others = await campaign(t, (await sponsor(t)).id);
      for (const [campaignId, message] of [
        [privateOne, /Choose one of this sponsor’s campaigns/],
        [flagged, /flagged by the admin/],
        [over, /has ended/],
        [others, /Choose one of this sponsor’s campaigns/],
      ] as const) {
        await unchanged(() => postForm(creator.agent, `/inbox/${brand.id}/messages`, { campaign_id: String(campaignId), budget: '10', terms: 'x' }), 422, message);
      }
    });

    it('an offer above what is left of the campaign’s budget', async () => {
      const { brand, creator, campaignId } = await negotiation(150_000);
      await unchanged(
        () => postForm(brand.agent, `/inbox/${creator.id}/messages`, { campaign_id: String(campaignId), budget: '1500.01', terms: 'x' }),
        422,
        /Only \$1,500\.00 of this campaign’s budget is left/,
      );
    });

    it('a message to a suspended account', async () => {
      const { brand, creator } = await negotiation();
      await t.ctx.db('users').where({ id: creator.id }).update({ status: 'suspended' });
      await unchanged(() => postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Still there?' }), 403, /not active/);
    });
  });
});

describe('POST /offers/:id/accept and /reject', () => {
  it('accepting makes a collaboration: both dashboards and the campaign progress show it', async () => {
    const { brand, creator, campaignId, offerId } = await negotiation();
    const res = await postForm(creator.agent, `/offers/${offerId}/accept`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/inbox/${brand.id}`);
    // The answer says where the collaboration is, and the chat links to it.
    const chat = await creator.agent.get(res.headers.location).expect(200);
    assert.match(chat.text, /Offer accepted: the collaboration is on\. Open it from the offer in this chat, or from Collaborations\./);
    assert.match(chat.text, new RegExp(`href="/collaborations/${offerId}">Open the collaboration`));
    const offer = await offerRow(offerId);
    assert.equal(offer.status, 'accepted');
    assert.ok(offer.answered_at);
    const note = await t.ctx.db('messages').where({ offer_id: offerId, sender_id: creator.id }).first();
    assert.match(note.body, /^Accepted the offer of \$1,000\.00/);

    const progress = (await t.ctx.services.campaigns.get(campaignId))!.progress;
    assert.deepEqual([progress.committedCents, progress.influencers], [100_000, 1]);
    const influencerDashboard = await creator.agent.get('/influencer');
    assert.match(influencerDashboard.text, /Agreed<\/dt><dd>\$1,000\.00/);
    assert.match(influencerDashboard.text, /Still owed<\/dt><dd>\$1,000\.00/);
    assert.match(influencerDashboard.text, new RegExp(`Campaign of ${brand.username}`));
    assert.match((await brand.agent.get('/sponsor')).text, /\$1,000\.00 of \$5,000\.00/);

    await postForm(brand.agent, `/offers/${offerId}/paid`);
    const paid = await creator.agent.get('/influencer');
    assert.match(paid.text, /Paid<\/dt><dd>\$1,000\.00/);
    assert.match(paid.text, /Still owed<\/dt><dd>\$0\.00/);
  });

  it('rejecting changes only the offer', async () => {
    const { brand, creator, campaignId, offerId } = await negotiation();
    const res = await postForm(creator.agent, `/offers/${offerId}/reject`);
    assert.equal(res.status, 303);
    assert.equal((await offerRow(offerId)).status, 'rejected');
    assert.equal((await t.ctx.services.campaigns.get(campaignId))!.progress.influencers, 0);
    assert.match((await brand.agent.get(`/inbox/${creator.id}`)).text, /Declined the offer/);
  });

  it('refuses to answer one’s own offer (403), someone else’s (404), an answered or superseded one (409)', async () => {
    const { brand, creator, campaignId, offerId } = await negotiation();
    const own = await postForm(brand.agent, `/offers/${offerId}/accept`);
    assert.equal(own.status, 403);
    assert.match(own.text, /You made this offer/);
    const stranger = await influencerSide();
    assert.equal((await postForm(stranger.agent, `/offers/${offerId}/accept`)).status, 404);
    assert.equal((await postForm((await sponsor(t)).agent, `/offers/${offerId}/reject`)).status, 404);
    assert.equal((await offerRow(offerId)).status, 'pending');

    await postForm(creator.agent, `/inbox/${brand.id}/messages`, { campaign_id: String(campaignId), budget: '900', terms: 'x' });
    const superseded = await postForm(creator.agent, `/offers/${offerId}/accept`);
    assert.equal(superseded.status, 409);
    assert.match(superseded.text, /replaced by a newer one/);
    const counter = await t.ctx.db('offers').where({ campaign_id: campaignId, status: 'pending' }).first();
    await postForm(brand.agent, `/offers/${counter.id}/reject`);
    const twice = await postForm(brand.agent, `/offers/${counter.id}/accept`);
    assert.equal(twice.status, 409);
    assert.match(twice.text, /already rejected/);
  });

  it('refuses with 409 when the campaign’s remaining budget is too small, changing nothing', async () => {
    const brand = await sponsor(t);
    const campaignId = await campaign(t, brand.id, { budgetCents: 150_000 });
    const a = await influencerSide();
    const b = await influencerSide();
    for (const side of [a, b]) {
      await postForm(brand.agent, '/offers', { campaign_id: String(campaignId), influencer_id: String(side.id), budget: '1000', terms: 'x' });
    }
    const [first, second] = await t.ctx.db('offers').where({ campaign_id: campaignId }).orderBy('id');
    assert.equal((await postForm(a.agent, `/offers/${first.id}/accept`)).status, 303);
    const res = await postForm(b.agent, `/offers/${second.id}/accept`);
    assert.equal(res.status, 409);
    assert.match(res.text, /Only \$500\.00 of this campaign’s budget is left/);
    assert.equal((await offerRow(second.id)).status, 'pending');
  });

  it('lets exactly one of two simultaneous accepts of the same offer succeed', async () => {
    const { creator, offerId } = await negotiation();
    const secondTab = browser(t);
    await logIn(secondTab, creator.username);
    const results = await Promise.all([postForm(creator.agent, `/offers/${offerId}/accept`), postForm(secondTab, `/offers/${offerId}/accept`)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    assert.equal((await offerRow(offerId)).status, 'accepted');
    assert.equal(await count(t, 'messages', { offer_id: offerId, sender_id: creator.id }), 1);
  });
});

describe('POST /inbox/:userId/delete', () => {
  it('removes the conversation from my inbox only; a later message brings it back with only the new messages', async () => {
    const { brand, creator } = await negotiation();
    const confirm = await brand.agent.get(`/inbox/${creator.id}/delete`).expect(200);
    assert.match(confirm.text, /disappears from your inbox only/);
    const res = await postForm(brand.agent, `/inbox/${creator.id}/delete`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/inbox');
    assert.doesNotMatch((await brand.agent.get('/inbox')).text, new RegExp(`href="/inbox/${creator.id}"`));
    assert.match((await creator.agent.get('/inbox')).text, new RegExp(`href="/inbox/${brand.id}"`), 'the other side keeps it');
    assert.doesNotMatch((await brand.agent.get(`/inbox/${creator.id}`)).text, /Hello from the brand/);

    await postForm(creator.agent, `/inbox/${brand.id}/messages`, { body: 'Are you still interested?' });
    const back = await brand.agent.get('/inbox');
    assert.match(back.text, new RegExp(`href="/inbox/${creator.id}"`));
    assert.match(back.text, /1 new/);
    const chat = await brand.agent.get(`/inbox/${creator.id}`);
    assert.match(chat.text, /Are you still interested\?/);
    assert.doesNotMatch(chat.text, /Hello from the brand/);
    assert.match((await creator.agent.get(`/inbox/${brand.id}`)).text, /Hello from the brand/);
  });
});
