// Rule: a collaboration is marked paid by its own sponsor, once accepted, while not paid
// (domain.ts's mayMarkPaid, the one check). The campaign page and the collaboration page offer the
// "Mark paid" button exactly where offers.markPaid would do it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { Conflict, NotFound } from '../../src/errors';
import { signedUp, withTestApp } from '../support/app';
import { campaign, offer, viewerOf } from '../support/factories';

const app = withTestApp();

describe('who may mark a collaboration paid', () => {
  it('is its own sponsor, on an accepted unpaid offer: the pages show the button exactly there', async () => {
    const t = app.t;
    const { services } = t.ctx;
    const brand = await signedUp(t, 'sponsor');
    await services.moderation.approve(brand.id);
    const rival = await signedUp(t, 'sponsor');
    await services.moderation.approve(rival.id);
    const creator = await signedUp(t, 'influencer');
    const campaignId = await campaign(t, brand.id);
    const at = (status: string) => offer(t, { campaignId, sponsorId: brand.id, influencerId: creator.id, status });
    const accepted = await at('accepted');
    const paid = await at('accepted');
    await t.ctx.db('offers').where({ id: paid }).update({ paid_at: Date.now() });
    const pending = await at('pending');

    const buttonFor = (html: string, id: number) => html.includes(`action="/offers/${id}/paid"`);
    const page = async (token: string, url: string) => (await request(t.app).get(url).set('Cookie', `session=${token}`)).text;
    const campaignPage = await page(brand.token, `/campaigns/${campaignId}`);
    assert.deepEqual([accepted, paid].map((id) => buttonFor(campaignPage, id)), [true, false]);
    assert.equal(buttonFor(await page(brand.token, `/collaborations/${accepted}`), accepted), true);
    assert.equal(buttonFor(await page(brand.token, `/collaborations/${paid}`), paid), false);
    assert.equal(buttonFor(await page(creator.token, `/collaborations/${accepted}`), accepted), false);

    const mark = async (who: number, id: number) => services.offers.markPaid(await viewerOf(t, who), id, { confirmed: true });
    await assert.rejects(mark(rival.id, accepted), NotFound);
    await assert.rejects(mark(creator.id, accepted), NotFound);
    await assert.rejects(mark(brand.id, pending), Conflict);
    assert.equal((await mark(brand.id, paid)).newlyPaid, false);
    assert.equal((await mark(brand.id, accepted)).newlyPaid, true);
    assert.equal(buttonFor(await page(brand.token, `/campaigns/${campaignId}`), accepted), false);
  });
});
