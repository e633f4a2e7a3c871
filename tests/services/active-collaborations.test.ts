// Rule: a collaboration is active until it is paid with nothing left to approve (done), unless a
// dispute is open (disputed): one definition (collaborations' state), which the influencer's
// dashboard and /collaborations?state=active both show. A campaign whose dates are over with work
// still due is active on both; a paid one with everything approved is on neither.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browser, logIn, withTestApp } from '../support/app';
import { campaign, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();

const links = (html: string) => [...html.matchAll(/href="\/collaborations\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe('an active collaboration', () => {
  it('is the same on the influencer’s dashboard, /collaborations?state=active and in the service', async () => {
    const t = app.t;
    const brand = await sponsor(t);
    const creatorId = await influencer(t);
    const { username } = await t.ctx.db('users').where({ id: creatorId }).first();
    const creator = browser(t);
    await logIn(creator, username);
    const accepted = async (title: string, dates: { startDate: string; endDate: string }) =>
      offer(t, { campaignId: await campaign(t, brand.id, { title, ...dates }), sponsorId: brand.id, influencerId: creatorId, status: 'accepted' });

    const running = await accepted('Running now', { startDate: inDays(-5), endDate: inDays(20) });
    // Its campaign's dates are over, but a deliverable is still due and nothing is paid: active.
    const overdue = await accepted('Ended, work still due', { startDate: inDays(-40), endDate: inDays(-10) });
    await t.ctx.db('deliverables').insert({ offer_id: overdue, title: 'Late reel', due_date: inDays(-12), state: 'due', created_at: Date.now(), updated_at: Date.now() });
    // Paid, with everything approved, while the campaign still runs: done.
    const finished = await accepted('Paid and approved', { startDate: inDays(-5), endDate: inDays(20) });
    await t.ctx.db('offers').where({ id: finished }).update({ paid_at: Date.now() });
    // A dispute is open: disputed.
    const disputed = await accepted('In dispute', { startDate: inDays(-5), endDate: inDays(20) });
    await t.ctx.db('disputes').insert({ offer_id: disputed, opened_by: creatorId, reason: 'Not paid', opened_at: Date.now() });

    const expected = [running, overdue].sort((a, b) => a - b);
    const viewer = await viewerOf(t, creatorId);
    const { collaborations } = await t.ctx.services.collaborations.list(viewer, { state: 'active', page: 1 });
    assert.deepEqual(collaborations.map((c) => c.offerId).sort((a, b) => a - b), expected);
    const dashboard = await creator.get('/influencer').expect(200);
    const section = dashboard.text.slice(dashboard.text.indexOf('id="collabs-heading"'));
    assert.deepEqual([...new Set(links(section))], expected);
    assert.match(section, /Ended, work still due/);
    assert.doesNotMatch(section, /Paid and approved|In dispute/);
    const list = await creator.get('/collaborations?state=active').expect(200);
    assert.deepEqual([...new Set(links(list.text))], expected);
  });
});
