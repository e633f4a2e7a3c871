import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, browser, createTestApp, logIn, PASSWORD, type TestApp } from '../support/app';
import { account, campaign, influencer, postForm, sponsor, viewerOf } from '../support/factories';
import { openReady, openStream, sessionOf } from '../support/events';

let t: TestApp;
before(async () => {
  t = await createTestApp({ LIVE_STREAMS_PER_ACCOUNT: '3' });
});
after(() => t.close());

interface Side {
  agent: Agent;
  id: number;
  username: string;
  session: string;
}

async function pair(): Promise<{ brand: Side; creator: Side }> {
  const brand = await sponsor(t);
  const creatorId = await influencer(t);
  const { username } = await t.ctx.db('users').where({ id: creatorId }).first();
  const agent = browser(t);
  await logIn(agent, username);
  return { brand: { ...brand, session: sessionOf(brand.agent) }, creator: { agent, id: creatorId, username, session: sessionOf(agent) } };
}

describe('GET /events', () => {
  it('streams text/event-stream to a sponsor and an influencer, starting with a ready event that has an id', async () => {
    const { brand, creator } = await pair();
    for (const side of [brand, creator]) {
      const stream = await openStream(t, side.session);
      assert.equal(stream.status, 200);
      assert.match(stream.contentType, /^text\/event-stream/);
      const ready = await stream.next('ready');
      assert.match(ready.data, /^(live|local)$/);
      assert.match(ready.id ?? '', /^[0-9a-f]{8}-\d+$/);
      stream.close();
    }
  });

  it('sends a new message to the other side as its chat, its inbox and its unread count, and to the sender’s other pages', async () => {
    const { brand, creator } = await pair();
    const theirs = await openReady(t, creator.session);
    const mine = await openReady(t, brand.session);

    const res = await postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Are you free next week?' });
    assert.equal(res.status, 303);
    await theirs.next(`chat-${brand.id}`);
    await theirs.next('inbox');
    assert.match((await theirs.next('unread')).data, /class="new-count">1 new/);
    await mine.next(`chat-${creator.id}`);

    // Reading it: the reader's count drops, and the sender's chat learns it was seen.
    await creator.agent.get(`/inbox/${brand.id}`).expect(200);
    assert.match((await theirs.next('unread')).data, /none unread/);
    await mine.next(`chat-${creator.id}`);
    theirs.close();
    mine.close();
  });

  it('tells both sides of an offer and its answer', async () => {
    const { brand, creator } = await pair();
    const id = await campaign(t, brand.id);
    const theirs = await openReady(t, creator.session);
    await postForm(brand.agent, '/offers', { campaign_id: String(id), influencer_id: String(creator.id), budget: '100', terms: 'One post', body: 'An offer' });
    await theirs.next(`chat-${brand.id}`);
    const mine = await openReady(t, brand.session);
    const offer = await t.ctx.db('offers').where({ campaign_id: id }).first();
    await postForm(creator.agent, `/offers/${offer.id}/accept`);
    await mine.next(`chat-${creator.id}`);
    theirs.close();
    mine.close();
  });

  it('sends, after a reconnect with Last-Event-ID, what happened while the stream was away', async () => {
    const { brand, creator } = await pair();
    const first = await openStream(t, creator.session);
    const ready = await first.next('ready');
    first.close();
    await first.ended;

    await postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Sent while you were away' });
    const again = await openStream(t, creator.session, { lastEventId: ready.id });
    const names = [(await again.next(`chat-${brand.id}`)).event, (await again.next('inbox')).event];
    assert.deepEqual(names, [`chat-${brand.id}`, 'inbox']);
    assert.ok(again.events.findIndex((e) => e.event === 'inbox') < again.events.findIndex((e) => e.event === 'ready'), 'missed events come before ready');
    assert.match((await again.next('unread')).data, /1 new/);
    // Nothing else of anyone else's came along.
    assert.deepEqual(again.events.filter((e) => e.event.startsWith('chat-')).map((e) => e.event), [`chat-${brand.id}`]);
    again.close();
  });

  it('picks up from where the page was rendered (its sse-connect URL), so nothing between render and connect is lost', async () => {
    const { brand, creator } = await pair();
    const page = await creator.agent.get(`/inbox/${brand.id}`).expect(200);
    const url = /sse-connect="([^"]+)"/.exec(page.text)?.[1];
    assert.match(url ?? '', new RegExp(`^/events\\?from=[0-9a-f]{8}-\\d+&amp;chat=${brand.id}$`));
    assert.match(page.text, new RegExp(`hx-trigger="every 3s, sse:refresh" sse-swap="chat-${brand.id}"`));
    await postForm(brand.agent, `/inbox/${creator.id}/messages`, { body: 'Between the page and its stream' });
    const stream = await openStream(t, creator.session, { path: url!.replace(/&amp;/g, '&') });
    assert.match((await stream.next(`chat-${brand.id}`)).data, /Between the page and its stream/);
    stream.close();
  });

  it('brings the open chat its new messages as HTML, with the forms to answer an offer, and marks them seen', async () => {
    const { brand, creator } = await pair();
    const campaignId = await campaign(t, brand.id);
    const stream = await openReady(t, creator.session, { path: `/events?chat=${brand.id}` });
    const elsewhere = await openReady(t, creator.session);
    await postForm(brand.agent, '/offers', { campaign_id: String(campaignId), influencer_id: String(creator.id), budget: '250', terms: 'Three stories', body: 'A <b>bold</b> offer' });
    const chat = await stream.next(`chat-${brand.id}`);
    assert.match(chat.data, /^<div id="chat-messages"/);
    assert.match(chat.data, /A &lt;b&gt;bold&lt;\/b&gt; offer/);
    assert.match(chat.data, /\$250\.00/);
    assert.match(chat.data, /action="\/offers\/\d+\/accept"[\s\S]*name="_csrf"/);
    assert.match(chat.data, /id="chat-status"[^>]*hx-swap-oob="true"/);
    // A page that is not this chat only hears that it changed.
    assert.equal((await elsewhere.next(`chat-${brand.id}`)).data, '1');
    const unseen = await t.ctx.db('messages').where({ recipient_id: creator.id }).whereNull('seen_at').count<{ n: number }[]>({ n: '*' }).first();
    assert.equal(Number(unseen?.n), 0, 'shown in the open chat, so seen');
    // A chat with someone one may not talk to gives no chat, only notes.
    const odd = await openReady(t, creator.session, { path: `/events?chat=${creator.id}` });
    for (const s of [stream, elsewhere, odd]) s.close();
  });

  it('keeps line breaks people typed inside the data (a CR cannot start a field of its own)', async () => {
    const { brand, creator } = await pair();
    const stream = await openReady(t, creator.session, { path: `/events?chat=${brand.id}` });
    const viewer = await viewerOf(t, brand.id);
    await t.ctx.services.messages.write(viewer, (await t.ctx.services.messages.counterpart(viewer, creator.id))!, 'one\revent: close\rid: forged\r\ndata: two');
    const chat = await stream.next(`chat-${brand.id}`);
    assert.match(chat.data, /one\nevent: close\nid: forged\ndata: two/);
    assert.notEqual(chat.id, 'forged');
    assert.equal(stream.events.some((e) => e.event === 'close'), false);
    stream.close();
  });

  it('asks the page to refetch when it cannot know what was missed (an id from another process or from before a restart)', async () => {
    const { creator } = await pair();
    const stream = await openStream(t, creator.session, { lastEventId: 'deadbeef-12' });
    await stream.next('refresh');
    await stream.next('ready');
    await stream.next('unread');
    stream.close();
  });

  it('sends a comment line as a heartbeat', async () => {
    const quick = await createTestApp({ LIVE_HEARTBEAT_SECONDS: '1' });
    try {
      const brand = await sponsorOf(quick);
      const stream = await openReady(quick, brand.session);
      await new Promise((resolve) => setTimeout(resolve, 1300));
      assert.ok(stream.comments >= 1, 'a heartbeat arrived');
      stream.close();
    } finally {
      await quick.close();
    }
  });

  it('answers one close event, not a stream, beyond the streams one account may hold, and the page polls', async () => {
    const { brand } = await pair();
    const held = await Promise.all([1, 2, 3].map(() => openStream(t, brand.session)));
    await Promise.all(held.map((s) => s.next('ready')));
    const refused = await openStream(t, brand.session);
    assert.equal((await refused.next('close')).data, 'too-many-pages');
    await refused.ended;
    assert.equal(refused.events.some((e) => e.event === 'ready'), false);
    const [oldest] = held;
    oldest!.close();
    await oldest!.ended;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await openReady(t, brand.session);
    for (const s of [...held, next]) s.close();
  });

  it('holds the per-account limit when many streams are opened at once', async () => {
    const { brand, creator } = await pair();
    // ?chat= makes each stream look its chat up before it starts: the window a racing check missed.
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(t, brand.session, { path: `/events?chat=${creator.id}` })));
    const first = await Promise.all(streams.map((s) => Promise.race([s.next('ready').then(() => 'ready'), s.next('close').then(() => 'close')])));
    assert.equal(first.filter((e) => e === 'ready').length, 3);
    assert.equal(first.filter((e) => e === 'close').length, 17);
    for (const s of streams) s.close();
  });

  describe('closes the stream when the session ends', () => {
    it('on logout', async () => {
      const { brand } = await pair();
      const stream = await openReady(t, brand.session);
      await postForm(brand.agent, '/logout');
      assert.equal((await stream.next('close')).data, 'signed-out');
      await stream.ended;
    });

    it('on a password change', async () => {
      const { creator } = await pair();
      const stream = await openReady(t, creator.session);
      const res = await postForm(creator.agent, '/influencer/profile', {
        username: creator.username,
        phone: '+44 7700 900123',
        category: 'Music',
        niche: 'synthwave',
        current_password: PASSWORD,
        new_password: 'a brand new password',
      });
      assert.ok([200, 303].includes(res.status), `profile saved (${res.status})`);
      const user = await t.ctx.db('users').where({ id: creator.id }).first();
      assert.ok(user.token_version > 0);
      assert.equal((await stream.next('close')).data, 'signed-out');
      await stream.ended;
    });

    it('on suspension by an admin, and on deletion', async () => {
      const { brand, creator } = await pair();
      const admin = await account(t, 'admin');
      const suspended = await openReady(t, brand.session);
      const deleted = await openReady(t, creator.session);
      await t.ctx.services.moderation.suspend(brand.id, 'spam', { id: admin, username: 'admin' } as never);
      assert.equal((await suspended.next('close')).data, 'signed-out');
      await t.ctx.services.moderation.deleteAccount(creator.id, { id: admin, username: 'admin' } as never);
      assert.equal((await deleted.next('close')).data, 'signed-out');
      await Promise.all([suspended.ended, deleted.ended]);
    });

    it('and a revoked session cannot open one again', async () => {
      const { brand } = await pair();
      const old = brand.session;
      await postForm(brand.agent, '/logout');
      const stream = await openStream(t, old);
      assert.equal(stream.status, 303);
    });
  });

  it('leaves a page’s one-time notices to the page (a stream opening does not take them)', async () => {
    const { brand } = await pair();
    await brand.agent.get('/sponsor').expect(200); // (the sign-up's welcome, shown)
    const exportId = await t.ctx.services.exports.request(brand.id);
    await t.ctx.services.exports.setStatus(exportId, 'ready', { fileName: 'x.csv', rowCount: 0 });
    const stream = await openReady(t, brand.session);
    stream.close();
    const page = await brand.agent.get('/sponsor').expect(200);
    assert.match(page.text, /Your campaign export is ready to download/);
  });

  it('tells a sponsor when an export is ready', async () => {
    const { brand } = await pair();
    const stream = await openReady(t, brand.session);
    const exportId = await t.ctx.services.exports.request(brand.id);
    await t.ctx.services.exports.setStatus(exportId, 'ready', { fileName: 'x.csv', rowCount: 0 });
    await stream.next('export');
    stream.close();
  });

  it('is for sponsors and influencers: others get 403, signed-out visitors the login page', async () => {
    const admin = browser(t);
    await logIn(admin, (await t.ctx.db('users').where({ id: await account(t, 'admin') }).first()).username);
    const user = browser(t);
    await logIn(user, (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username);
    for (const agent of [admin, user]) {
      const stream = await openStream(t, sessionOf(agent));
      assert.equal(stream.status, 403);
      stream.close();
    }
    const anonymous = await openStream(t, null);
    assert.equal(anonymous.status, 303);
    anonymous.close();
    // Their pages carry no stream either.
    const page = await admin.get('/admin').expect(200);
    assert.doesNotMatch(page.text, /sse-connect/);
  });
});

describe('GET /events across web processes', () => {
  it('brings an event posted on one process to a stream held by another (one Redis)', async () => {
    const shared = { QUEUE_PREFIX: `live-${process.pid}-${Date.now()}` };
    const a = await createTestApp(shared);
    const b = await createTestApp(shared, { database: a });
    try {
      const brand = await sponsorOf(a);
      const creatorId = await influencer(a);
      const creatorAgent = browser(a);
      await logIn(creatorAgent, (await a.ctx.db('users').where({ id: creatorId }).first()).username);
      // The stream is on B; the message is posted through A.
      await waitFor(() => b.ctx.live.shared() || undefined);
      await waitFor(() => a.ctx.redis.status === 'ready' || undefined);
      const stream = await openStream(b, sessionOf(creatorAgent));
      assert.equal((await stream.next('ready')).data, 'live', 'B hears every process');
      assert.equal((await postForm(brand.agent, `/inbox/${creatorId}/messages`, { body: 'From the other process' })).status, 303);
      await stream.next(`chat-${brand.id}`);
      assert.match((await stream.next('unread')).data, /1 new/);
      stream.close();
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('without Redis, several processes refuse streams (pages poll), while one process still pushes its own events', async () => {
    const noRedis = { REDIS_URL: 'redis://127.0.0.1:1' };
    const several = await createTestApp({ ...noRedis, WEB_CONCURRENCY: '2' });
    try {
      const brand = await sponsorOf(several);
      const stream = await openStream(several, brand.session);
      assert.equal((await stream.next('close')).data, 'not-shared');
    } finally {
      await several.close();
    }
    const single = await createTestApp(noRedis);
    try {
      const brand = await sponsorOf(single);
      const creatorId = await influencer(single);
      const stream = await openStream(single, brand.session);
      assert.equal((await stream.next('ready')).data, 'local', 'only its own events: the worker’s are polled for');
      const viewer = await viewerOf(single, creatorId);
      await single.ctx.services.messages.write(viewer, (await single.ctx.services.messages.counterpart(viewer, brand.id))!, 'Hello without Redis');
      await stream.next(`chat-${creatorId}`);
      stream.close();
    } finally {
      await single.close();
    }
  });
});

async function sponsorOf(app: TestApp): Promise<Side> {
  const brand = await sponsor(app);
  return { ...brand, session: sessionOf(brand.agent) };
}

async function waitFor<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
