import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browser, createTestApp, logIn, type TestApp } from '../support/app';
import { account, campaign, count, inDays, influencer, offer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** A sponsor and an influencer (both signed in) with an accepted offer between them. */
async function pair(status = 'accepted') {
  const brand = await sponsor(t);
  const influencerId = await influencer(t);
  const { username } = await t.ctx.db('users').where({ id: influencerId }).first();
  const creator = browser(t);
  await logIn(creator, username);
  const campaignId = await campaign(t, brand.id, { title: 'Spring trails' });
  const offerId = await offer(t, { campaignId, sponsorId: brand.id, influencerId, status, budgetCents: 150_000 });
  return { brand, creator, influencerId, offerId };
}

/** A form posted as a browser would, that must succeed (303 back to a page). */
async function done(agent: Parameters<typeof postForm>[0], path: string, fields: Record<string, string> = {}) {
  const res = await postForm(agent, path, fields);
  assert.equal(res.status, 303, `${path}: ${res.text.slice(0, 300)}`);
  return res;
}

async function deliverableIn(offerId: number, title = 'Instagram reel') {
  const row = await t.ctx.db('deliverables').where({ offer_id: offerId, title }).first();
  return row as { id: number; state: string; url: string | null; change_reason: string | null };
}

describe('GET /collaborations', () => {
  it('lists the signed-in side’s accepted offers, and not pending ones or other people’s', async () => {
    const { brand, creator, offerId } = await pair();
    const other = await pair();
    const pending = await offer(t, { campaignId: await campaign(t, brand.id, { title: 'Pending one' }), sponsorId: brand.id, influencerId: await influencer(t), status: 'pending' });
    const mine = await brand.agent.get('/collaborations').expect(200);
    assert.match(mine.text, new RegExp(`href="/collaborations/${offerId}"`));
    assert.match(mine.text, /\$1,500\.00/);
    assert.doesNotMatch(mine.text, new RegExp(`href="/collaborations/${pending}"`));
    assert.doesNotMatch(mine.text, new RegExp(`href="/collaborations/${other.offerId}"`));
    const theirs = await creator.get('/collaborations').expect(200);
    assert.match(theirs.text, new RegExp(`href="/collaborations/${offerId}"`));
  });

  it('filters by state: a paid collaboration with nothing left to approve is done', async () => {
    const { brand, offerId } = await pair();
    const paid = await pair();
    await t.ctx.db('offers').where({ id: paid.offerId }).update({ paid_at: Date.now() });
    const other = await t.ctx.db('offers').where({ id: paid.offerId }).first();
    await t.ctx.db('offers').where({ id: other.id }).update({ sponsor_id: brand.id });
    const done = await brand.agent.get('/collaborations?state=done').expect(200);
    assert.match(done.text, new RegExp(`href="/collaborations/${paid.offerId}"`));
    assert.doesNotMatch(done.text, new RegExp(`href="/collaborations/${offerId}"`));
    const active = await brand.agent.get('/collaborations?state=active').expect(200);
    assert.match(active.text, new RegExp(`href="/collaborations/${offerId}"`));
    assert.doesNotMatch(active.text, new RegExp(`href="/collaborations/${paid.offerId}"`));
  });

  it('says so when there are none', async () => {
    const { agent } = await sponsor(t);
    const res = await agent.get('/collaborations').expect(200);
    assert.match(res.text, /No collaborations yet/);
  });
});

describe('GET /collaborations/:offerId', () => {
  it('shows the agreement to both sides and admins, and is a 404 to anyone else or for an offer not accepted', async () => {
    const { brand, creator, offerId } = await pair();
    for (const agent of [brand.agent, creator]) {
      const res = await agent.get(`/collaborations/${offerId}`).expect(200);
      assert.match(res.text, /Spring trails/);
      assert.match(res.text, /\$1,500\.00/);
      assert.match(res.text, /Not paid yet/);
    }
    const admin = browser(t);
    const adminName = `admin${Date.now()}`;
    await account(t, 'admin', adminName);
    await logIn(admin, adminName);
    await admin.get(`/collaborations/${offerId}`).expect(200);
    const stranger = await sponsor(t);
    await stranger.agent.get(`/collaborations/${offerId}`).expect(404);
    const pending = await pair('pending');
    await pending.brand.agent.get(`/collaborations/${pending.offerId}`).expect(404);
    await brand.agent.get('/collaborations/nope').expect(404);
  });
});

describe('deliverables: add, submit, request changes, approve', () => {
  it('walks a deliverable from due to approved, keeps the history and says each step in the chat', async () => {
    const { brand, creator, influencerId, offerId } = await pair();
    const added = await postForm(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(7) });
    assert.equal(added.status, 303);
    assert.equal(added.headers.location, `/collaborations/${offerId}`);
    let d = await deliverableIn(offerId);
    assert.equal(d.state, 'due');

    // The influencer sees it, unread, in the chat.
    const chat = await creator.get(`/inbox/${brand.id}`).expect(200);
    assert.match(chat.text, /Added a deliverable: “Instagram reel”/);
    assert.match(chat.text, new RegExp(`href="/collaborations/${offerId}"`));

    await done(creator, `/deliverables/${d.id}/submit`, { url: 'https://instagram.example/p/1', note: 'Posted at noon' });
    d = await deliverableIn(offerId);
    assert.equal(d.state, 'submitted');
    assert.equal(d.url, 'https://instagram.example/p/1');

    const review = await brand.agent.get(`/collaborations/${offerId}`).expect(200);
    assert.match(review.text, /Submitted, awaiting review/);
    assert.match(review.text, /Posted at noon/);
    assert.match(review.text, new RegExp(`action="/deliverables/${d.id}/approve"`));

    await done(brand.agent, `/deliverables/${d.id}/request-changes`, { reason: 'Tag the brand, please' });
    d = await deliverableIn(offerId);
    assert.equal(d.state, 'changes_requested');
    assert.equal(d.change_reason, 'Tag the brand, please');

    await done(creator, `/deliverables/${d.id}/submit`, { url: 'http://instagram.example/p/2' });
    await done(brand.agent, `/deliverables/${d.id}/approve`);
    assert.equal((await deliverableIn(offerId)).state, 'approved');

    const page = await creator.get(`/collaborations/${offerId}`).expect(200);
    for (const line of ['Added a deliverable', 'Submitted “Instagram reel” for review', 'Asked for changes to “Instagram reel”: Tag the brand, please', 'Approved “Instagram reel”']) {
      assert.ok(page.text.includes(line), `history shows: ${line}`);
    }
    assert.equal(await count(t, 'collaboration_events', { offer_id: offerId }), 5);
    // Every step is a chat line from whoever took it to the other side.
    assert.equal(await count(t, 'messages', { offer_id: offerId, recipient_id: influencerId }), 3);
    assert.equal(await count(t, 'messages', { offer_id: offerId, recipient_id: brand.id }), 2);
  });

  it('refuses illegal moves with 409 and a sentence, and double submits change nothing twice', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(3) });
    const d = await deliverableIn(offerId);
    const early = await postForm(brand.agent, `/deliverables/${d.id}/approve`);
    assert.equal(early.status, 409);
    assert.match(early.text, /has not been submitted yet/);
    await done(creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/post' });
    const twice = await postForm(creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/post' });
    assert.equal(twice.status, 409);
    assert.match(twice.text, /already submitted/);
    await done(brand.agent, `/deliverables/${d.id}/approve`);
    const again = await postForm(brand.agent, `/deliverables/${d.id}/approve`);
    assert.equal(again.status, 409);
    assert.match(again.text, /already approved/);
    assert.equal(await count(t, 'collaboration_events', { offer_id: offerId, kind: 'approved' }), 1);

    await t.ctx.db('offers').where({ id: offerId }).update({ paid_at: Date.now() });
    const paid = await postForm(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'One more', due_date: inDays(3) });
    assert.equal(paid.status, 409);
    assert.match(paid.text, /paid/);
  });

  it('keeps what was typed and says what is wrong next to the field (422)', async () => {
    const { brand, creator, offerId } = await pair();
    const past = await postForm(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Story', due_date: inDays(-1) });
    assert.equal(past.status, 422);
    assert.match(past.text, /Due date cannot be in the past/);
    assert.match(past.text, /value="Story"/);
    const long = await postForm(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'x'.repeat(101), due_date: inDays(1) });
    assert.equal(long.status, 422);
    assert.match(long.text, /Title must be at most 100 characters/);
    assert.equal(await count(t, 'deliverables', { offer_id: offerId }), 0);

    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(1) });
    const d = await deliverableIn(offerId);
    // Links without a host as typed (a parser repairs them into one) are refused too.
    for (const url of ['javascript:alert(1)', 'ftp://example.com/x', 'not a link', '', 'http:evil.example', 'https:/\\evil.example', 'https:///evil.example', 'https://user:secret@evil.example/']) {
      const res = await postForm(creator, `/deliverables/${d.id}/submit`, { url });
      assert.equal(res.status, 422, url);
    }
    const bad = await postForm(creator, `/deliverables/${d.id}/submit`, { url: 'javascript:alert(1)', note: 'my note' });
    assert.match(bad.text, /must be a whole web address that starts with http:\/\/ or https:\/\//);
    assert.match(bad.text, /my note/);
    assert.equal((await deliverableIn(offerId)).state, 'due');

    await done(creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/p' });
    const noReason = await postForm(brand.agent, `/deliverables/${d.id}/request-changes`, { reason: '  ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Say what should change/);
    assert.equal((await deliverableIn(offerId)).state, 'submitted');
  });

  it('lets the sponsor remove a deliverable only while nothing was submitted, after confirming', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(2) });
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Blog post', due_date: inDays(2) });
    const reel = await deliverableIn(offerId);
    const blog = await deliverableIn(offerId, 'Blog post');
    const confirm = await brand.agent.get(`/deliverables/${blog.id}/delete`).expect(200);
    assert.match(confirm.text, /Remove “Blog post”\?/);
    await done(brand.agent, `/deliverables/${blog.id}/delete`);
    assert.equal(await count(t, 'deliverables', { id: blog.id }), 0);

    await done(creator, `/deliverables/${reel.id}/submit`, { url: 'https://example.com/p' });
    const late = await postForm(brand.agent, `/deliverables/${reel.id}/delete`);
    assert.equal(late.status, 409);
    assert.equal(await count(t, 'deliverables', { id: reel.id }), 1);
  });

  it('answers 404 for another party’s deliverable and 403 to the wrong side', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(2) });
    const d = await deliverableIn(offerId);
    const stranger = await pair();
    assert.equal((await postForm(stranger.creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/p' })).status, 404);
    assert.equal((await postForm(stranger.brand.agent, `/deliverables/${d.id}/approve`)).status, 404);
    assert.equal((await postForm(stranger.brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'x', due_date: inDays(2) })).status, 404);
    assert.equal((await postForm(creator, `/collaborations/${offerId}/deliverables`, { title: 'x', due_date: inDays(2) })).status, 403);
    assert.equal((await postForm(brand.agent, `/deliverables/${d.id}/submit`, { url: 'https://example.com/p' })).status, 403);
    assert.equal((await deliverableIn(offerId)).state, 'due');
  });
});

describe('POST /deliverables/:id/results', () => {
  it('takes results from either side once submitted, and shows totals, engagement rate and cost per engagement', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(3) });
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Blog post', due_date: inDays(4) });
    const reel = await deliverableIn(offerId);
    const blog = await deliverableIn(offerId, 'Blog post');
    const early = await postForm(creator, `/deliverables/${reel.id}/results`, { views: '10', likes: '1', comments: '0', clicks: '0' });
    assert.equal(early.status, 409);
    assert.match(early.text, /not been submitted yet/);

    const before = await creator.get(`/collaborations/${offerId}`).expect(200);
    assert.match(before.text, /No results yet/);
    await done(creator, `/deliverables/${reel.id}/submit`, { url: 'https://example.com/reel' });
    await done(creator, `/deliverables/${blog.id}/submit`, { url: 'https://example.com/blog' });
    await done(creator, `/deliverables/${reel.id}/results`, { views: '10,000', likes: '600', comments: '40', clicks: '110' });
    await done(brand.agent, `/deliverables/${blog.id}/results`, { views: '0', likes: '0', comments: '0', clicks: '0' });
    const page = await brand.agent.get(`/collaborations/${offerId}`).expect(200);
    assert.match(page.text, /10,000/);
    // (600 + 40) / 10,000 = 6.4 %; $1,500 / (600 + 40 + 110) = $2.00
    assert.match(page.text, /6\.4%/);
    assert.match(page.text, /\$2\.00/);
    assert.match(page.text, /From 2 deliverables with results/);
    const campaignPage = await brand.agent.get(`/campaigns/${(await t.ctx.db('offers').where({ id: offerId }).first()).campaign_id}`).expect(200);
    assert.match(campaignPage.text, /6\.4%/);
  });

  it('says “—” where a division has no base, and refuses what is not a whole number ≥ 0 (422, nothing stored)', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(3) });
    const d = await deliverableIn(offerId);
    await done(creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/reel' });
    for (const bad of ['-1', '1.5', 'many', '', '1e3']) {
      const res = await postForm(creator, `/deliverables/${d.id}/results`, { views: bad, likes: '1', comments: '1', clicks: '1' });
      assert.equal(res.status, 422, bad);
    }
    assert.equal((await t.ctx.db('deliverables').where({ id: d.id }).first()).views, null);
    await done(creator, `/deliverables/${d.id}/results`, { views: '0', likes: '0', comments: '0', clicks: '0' });
    const page = await creator.get(`/collaborations/${offerId}`).expect(200);
    assert.match(page.text, /<dt>Engagement rate<\/dt><dd>—<\/dd>/);
    assert.match(page.text, /<dt>Cost per engagement<\/dt><dd>—<\/dd>/);
  });
});

describe('POST /offers/:id/paid on a collaboration', () => {
  it('asks first while a deliverable is not approved, pays on confirm=yes, and says so in the history and the chat', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(3) });
    const ask = await postForm(brand.agent, `/offers/${offerId}/paid`, { return_to: `/collaborations/${offerId}` });
    assert.equal(ask.status, 200);
    assert.match(ask.text, /1 deliverable is not approved yet/);
    assert.match(ask.text, /“Instagram reel”/);
    assert.match(ask.text, /name="confirm" value="yes"/);
    assert.equal((await t.ctx.db('offers').where({ id: offerId }).first()).paid_at, null);

    const inPlace = await postForm(brand.agent, `/offers/${offerId}/paid`, {}, { 'HX-Request': 'true' });
    assert.match(inPlace.text, /^<li class="collab confirm"/);
    assert.doesNotMatch(inPlace.text, /<html/);

    const paid = await postForm(brand.agent, `/offers/${offerId}/paid`, { confirm: 'yes', return_to: `/collaborations/${offerId}` });
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.location, `/collaborations/${offerId}`);
    assert.notEqual((await t.ctx.db('offers').where({ id: offerId }).first()).paid_at, null);
    const page = await creator.get(`/collaborations/${offerId}`).expect(200);
    assert.match(page.text, /Marked the collaboration paid \(\$1,500\.00\)/);
    assert.equal(await count(t, 'messages', { offer_id: offerId, event: 'paid' }), 1);
  });

  it('pays at once when every deliverable is approved, and goes back only to a page of this site', async () => {
    const { brand, offerId } = await pair();
    const res = await postForm(brand.agent, `/offers/${offerId}/paid`, { return_to: '//evil.example/' });
    assert.equal(res.status, 303);
    assert.match(res.headers.location ?? '', /^\/campaigns\/\d+$/);
  });
});

describe('disputes', () => {
  it('either side opens one with a reason; an admin sees it, resolves it with a note both sides see', async () => {
    const { brand, creator, offerId } = await pair();
    const noReason = await postForm(creator, `/collaborations/${offerId}/dispute`, { reason: ' ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /Say what went wrong/);
    await done(creator, `/collaborations/${offerId}/dispute`, { reason: 'The brief changed after I filmed' });
    const twice = await postForm(brand.agent, `/collaborations/${offerId}/dispute`, { reason: 'Me too' });
    assert.equal(twice.status, 409);
    assert.equal(await count(t, 'disputes', { offer_id: offerId }), 1);
    const disputed = await brand.agent.get('/collaborations?state=disputed').expect(200);
    assert.match(disputed.text, new RegExp(`href="/collaborations/${offerId}"`));

    const admin = browser(t);
    const adminName = `admin${Date.now()}d`;
    await account(t, 'admin', adminName);
    await logIn(admin, adminName);
    assert.match((await admin.get('/admin').expect(200)).text, /\d+ open disputes?/);
    const list = await admin.get('/admin/disputes').expect(200);
    assert.match(list.text, /The brief changed after I filmed/);
    const { id } = await t.ctx.db('disputes').where({ offer_id: offerId }).first();
    const empty = await postForm(admin, `/admin/disputes/${id}/resolve`, { note: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Write a note for both sides/);
    await done(admin, `/admin/disputes/${id}/resolve`, { note: 'Brand pays half for the reshoot' });
    const again = await postForm(admin, `/admin/disputes/${id}/resolve`, { note: 'Again' });
    assert.equal(again.status, 409);

    for (const agent of [brand.agent, creator]) {
      const page = await agent.get(`/collaborations/${offerId}`).expect(200);
      assert.match(page.text, /Brand pays half for the reshoot/);
    }
    // In the chat, from the admin, unread for whoever opened the dispute.
    const line = await t.ctx.db('messages').where({ offer_id: offerId, event: 'dispute_resolved' }).first();
    assert.equal(line.recipient_id, (await t.ctx.db('disputes').where({ id }).first()).opened_by);
    const chat = await creator.get(`/inbox/${brand.id}`).expect(200);
    assert.match(chat.text, /Admin: <bdi>The admin resolved the dispute: Brand pays half for the reshoot/);
    assert.doesNotMatch((await brand.agent.get('/collaborations?state=disputed').expect(200)).text, new RegExp(`href="/collaborations/${offerId}"`));
  });
});

describe('dashboards', () => {
  it('show the influencer what is due within 7 days and overdue, and the sponsor what awaits review', async () => {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Reel this week', due_date: inDays(2) });
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Vlog next month', due_date: inDays(30) });
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Story yesterday', due_date: inDays(1) });
    await t.ctx.db('deliverables').where({ offer_id: offerId, title: 'Story yesterday' }).update({ due_date: inDays(-1) });
    const mine = await creator.get('/influencer').expect(200);
    assert.match(mine.text, /Reel this week/);
    assert.match(mine.text, /Story yesterday/);
    assert.match(mine.text, /Overdue/);
    assert.doesNotMatch(mine.text, /Vlog next month/);
    assert.ok(mine.text.indexOf('Story yesterday') < mine.text.indexOf('Reel this week'), 'overdue first');

    assert.doesNotMatch((await brand.agent.get('/sponsor').expect(200)).text, /Awaiting your review/);
    const reel = await deliverableIn(offerId, 'Reel this week');
    await done(creator, `/deliverables/${reel.id}/submit`, { url: 'https://example.com/reel' });
    const theirs = await brand.agent.get('/sponsor').expect(200);
    assert.match(theirs.text, /Awaiting your review/);
    assert.match(theirs.text, /Spring trails/);
    assert.match(theirs.text, new RegExp(`/collaborations/${offerId}#deliverable-${reel.id}`));
    assert.doesNotMatch((await creator.get('/influencer').expect(200)).text, /Reel this week/);
  });
});

describe('a step sent from a page that has moved on (a stale second tab)', () => {
  async function approvedTwice(headers: (page: string) => Record<string, string>) {
    const { brand, creator, offerId } = await pair();
    await done(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'Instagram reel', due_date: inDays(2) });
    const d = await deliverableIn(offerId);
    await done(creator, `/deliverables/${d.id}/submit`, { url: 'https://example.com/reel' });
    await done(brand.agent, `/deliverables/${d.id}/approve`);
    const page = `/collaborations/${offerId}`;
    const stale = await postForm(brand.agent, `/deliverables/${d.id}/approve`, {}, headers(page));
    return { brand, page, stale };
  }

  it('with JavaScript: loads the page again, showing where it stands, with the reason on top', async () => {
    const { brand, page, stale } = await approvedTwice((from) => ({ 'HX-Request': 'true', 'HX-Boosted': 'true', 'HX-Current-URL': `http://localhost:3000${from}` }));
    assert.equal(stale.status, 409);
    assert.equal(stale.headers['hx-redirect'], page);
    const reloaded = await brand.agent.get(page).expect(200);
    assert.match(reloaded.text, /“Instagram reel” is already approved\. The page now shows where it stands\./);
  });

  it('keeps only the path of the page it names, on this site', async () => {
    const { stale } = await approvedTwice(() => ({ 'HX-Request': 'true', 'HX-Current-URL': 'https://evil.example/collaborations' }));
    assert.equal(stale.headers['hx-redirect'], '/collaborations');
  });

  it('without JavaScript: the error page says why and links back to that page', async () => {
    const { page, stale } = await approvedTwice((from) => ({ Referer: `http://localhost:3000${from}` }));
    assert.equal(stale.status, 409);
    assert.match(stale.text, /is already approved/);
    assert.match(stale.text, new RegExp(`href="${page}"[^>]*>See where it stands now`));
  });
});
