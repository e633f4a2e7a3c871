// Rule: a submitted deliverable's link is an absolute http(s) URL that names its host as typed; the
// service refuses anything else whoever calls it, and stores the link normalised.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Invalid } from '../../src/errors';
import { webLink } from '../../src/services/deliverableRules';
import { withTestApp } from '../support/app';
import { campaign, influencer, inDays, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

describe('webLink', () => {
  it('takes whole http(s) addresses and normalises them', () => {
    assert.equal(webLink('https://example.com/p?x=1'), 'https://example.com/p?x=1');
    assert.equal(webLink('HTTP://Example.COM'), 'http://example.com/');
  });
  it('refuses links whose host is not written out', () => {
    for (const text of ['http:evil.example', 'https:/\\evil.example', 'https:\\\\evil.example', 'https:///evil.example', 'https://\\evil.example', '//evil.example', 'https://a b.example', 'https://me:pw@evil.example', 'javascript:alert(1)', 'data:text/html,x']) {
      assert.equal(webLink(text), null, text);
    }
  });
});

describe('collaborations.submit', () => {
  it('refuses a link without a host, even past the form', async () => {
    const { id: sponsorId } = await sponsor(app.t);
    const influencerId = await influencer(app.t);
    const offerId = await offer(app.t, { campaignId: await campaign(app.t, sponsorId), sponsorId, influencerId, status: 'accepted' });
    const brand = await viewerOf(app.t, sponsorId);
    const creator = await viewerOf(app.t, influencerId);
    await app.t.ctx.services.collaborations.addDeliverable(brand, offerId, { title: 'Reel', dueDate: inDays(3) });
    const { id } = await app.t.ctx.db('deliverables').where({ offer_id: offerId }).first('id');
    await assert.rejects(app.t.ctx.services.collaborations.submit(creator, id, { url: 'http:evil.example', note: '' }), Invalid);
    assert.equal((await app.t.ctx.db('deliverables').where({ id }).first()).url, null);
    await app.t.ctx.services.collaborations.submit(creator, id, { url: 'HTTPS://Example.com/reel', note: '' });
    assert.equal((await app.t.ctx.db('deliverables').where({ id }).first()).url, 'https://example.com/reel');
  });
});
