// Rule: results must be plausible (no more likes, comments or clicks than views where views are
// counted; no figure past MAX_VIEWS), and a collaboration holds at most MAX_DELIVERABLES deliverables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Invalid } from '../../src/errors';
import { implausibleResults, MAX_DELIVERABLES } from '../../src/services/deliverableRules';
import { withTestApp } from '../support/app';
import { campaign, inDays, influencer, offer, postForm, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

async function submittedDeliverable() {
  const brand = await sponsor(app.t);
  const creatorId = await influencer(app.t);
  const offerId = await offer(app.t, { campaignId: await campaign(app.t, brand.id), sponsorId: brand.id, influencerId: creatorId, status: 'accepted' });
  const sponsorViewer = await viewerOf(app.t, brand.id);
  const creator = await viewerOf(app.t, creatorId);
  const { id } = await app.t.ctx.services.collaborations.addDeliverable(sponsorViewer, offerId, { title: 'Reel', dueDate: inDays(2) });
  await app.t.ctx.services.collaborations.submit(creator, id, { url: 'https://example.com/reel', note: '' });
  return { brand, offerId, id, sponsorViewer, creator };
}

describe('implausibleResults', () => {
  it('takes believable figures, and likes without views', () => {
    assert.deepEqual(implausibleResults({ views: 1000, likes: 80, comments: 5, clicks: 12 }), {});
    assert.deepEqual(implausibleResults({ views: 0, likes: 80, comments: 5, clicks: 0 }), {});
  });
  it('refuses more likes, comments or clicks than views, and figures past the maximum', () => {
    assert.deepEqual(Object.keys(implausibleResults({ views: 1, likes: 70_921_985, comments: 2, clicks: 0 })), ['likes', 'comments']);
    assert.match(implausibleResults({ views: 10, likes: 11, comments: 0, clicks: 0 }).likes!, /cannot be more than the views \(10\)/);
    assert.deepEqual(Object.keys(implausibleResults({ views: 99_000_000_000, likes: 0, comments: 0, clicks: 0 })), ['views']);
  });
});

describe('collaborations.recordResults', () => {
  it('refuses implausible results and stores nothing', async () => {
    const { id, creator } = await submittedDeliverable();
    await assert.rejects(app.t.ctx.services.collaborations.recordResults(creator, id, { views: 141, likes: 10_000_000_000, comments: 0, clicks: 0 }), Invalid);
    assert.equal((await app.t.ctx.db('deliverables').where({ id }).first()).likes, null);
  });

  it('says so next to the field over HTTP, keeping what was typed', async () => {
    const { id, brand } = await submittedDeliverable();
    const res = await postForm(brand.agent, `/deliverables/${id}/results`, { views: '141', likes: '10000', comments: '3', clicks: '1' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Likes cannot be more than the views \(141\)/);
    assert.match(res.text, /value="10000"/);
  });
});

describe('collaborations.addDeliverable', () => {
  it(`holds at most ${MAX_DELIVERABLES} deliverables a collaboration`, async () => {
    const { offerId, sponsorViewer, brand } = await submittedDeliverable();
    const at = Date.now();
    await app.t.ctx.db('deliverables').insert(
      Array.from({ length: MAX_DELIVERABLES - 1 }, (_, i) => ({ offer_id: offerId, title: `Post ${i}`, due_date: inDays(3), state: 'due', created_at: at, updated_at: at })),
    );
    await assert.rejects(app.t.ctx.services.collaborations.addDeliverable(sponsorViewer, offerId, { title: 'One too many', dueDate: inDays(3) }), Invalid);
    const res = await postForm(brand.agent, `/collaborations/${offerId}/deliverables`, { title: 'One too many', due_date: inDays(3) });
    assert.equal(res.status, 422);
    assert.match(res.text, new RegExp(`holds at most ${MAX_DELIVERABLES} deliverables`));
    assert.equal(Number((await app.t.ctx.db('deliverables').where({ offer_id: offerId }).count({ n: '*' }).first())?.n), MAX_DELIVERABLES);
  });
});
