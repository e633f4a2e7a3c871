// Rule: a collaboration has at most one open dispute, also when many requests to open one arrive
// at once (held by the database's partial unique index, on SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Conflict } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, count, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

describe('collaborations.openDispute', () => {
  it('opens one dispute of twenty sent at once; the others are told one is open', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const influencerId = await influencer(app.t);
    const offerId = await offer(app.t, { campaignId: await campaign(app.t, sponsorId), sponsorId, influencerId, status: 'accepted' });
    const sides = [await viewerOf(app.t, sponsorId), await viewerOf(app.t, influencerId)];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => app.t.ctx.services.collaborations.openDispute(sides[i % 2]!, offerId, `Reason ${i}`)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof Conflict, String(r.reason));
    assert.equal(await count(app.t, 'disputes', { offer_id: offerId }), 1);
    assert.equal(await count(app.t, 'collaboration_events', { offer_id: offerId, kind: 'dispute_opened' }), 1);
  });

  it('may open another once the first is resolved', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const influencerId = await influencer(app.t);
    const offerId = await offer(app.t, { campaignId: await campaign(app.t, sponsorId), sponsorId, influencerId, status: 'accepted' });
    const brand = await viewerOf(app.t, sponsorId);
    await app.t.ctx.services.collaborations.openDispute(brand, offerId, 'First');
    await app.t.ctx.db('disputes').where({ offer_id: offerId }).update({ resolved_at: Date.now(), resolution_note: 'Settled' });
    await app.t.ctx.services.collaborations.openDispute(brand, offerId, 'Second');
    assert.equal(await count(app.t, 'disputes', { offer_id: offerId }), 2);
  });
});
