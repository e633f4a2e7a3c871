// Rule: an offer commits its campaign's budget once accepted, and counts as paid once its sponsor
// marks it paid (src/services/budget.ts, the one definition). The campaign's progress, answering an
// offer, the influencer's earnings, the CSV export, the monthly report and a campaign's results all
// say the same two figures for one set of offers in every state.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Conflict } from '../../src/errors';
import { withTestApp } from '../support/app';
import { campaign, influencer, offer, sponsor, viewerOf } from '../support/factories';

const app = withTestApp();
let sponsorId: number;
let creatorId: number;
let campaignId: number;
let waiting: number;


describe('committed and paid', () => {
  before(async () => {
    const t = app.t;
    ({ id: sponsorId } = await sponsor(t));
    creatorId = await influencer(t);
    campaignId = await campaign(t, sponsorId, { budgetCents: 1_000_000 });
    const at = (status: string, budgetCents: number) => offer(t, { campaignId, sponsorId, influencerId: creatorId, status, budgetCents });
    await at('rejected', 100_000);
    await at('superseded', 200_000);
    const unpaid = await at('accepted', 300_000);
    await t.ctx.db('deliverables').insert({ offer_id: unpaid, title: 'Reel', due_date: '2026-01-01', state: 'approved', views: 1000, likes: 50, comments: 20, clicks: 30, created_at: Date.now(), updated_at: Date.now() });
    const paid = await at('accepted', 400_000);
    await t.ctx.db('offers').where({ id: paid }).update({ paid_at: Date.now() });
    // Pending: not committed yet, and more than the 300,000 left.
    waiting = await at('pending', 300_001);
  });

  it('are the accepted offers, and those of them marked paid, on every page, export and report', async () => {
    const { services } = app.t.ctx;
    const shown = (await services.campaigns.get(campaignId))!;
    assert.deepEqual([shown.progress.committedCents, shown.progress.paidCents, shown.remainingCents], [700_000, 400_000, 300_000]);

    assert.deepEqual(await services.offers.earnings(creatorId), { agreedCents: 700_000, paidCents: 400_000, owedCents: 300_000 });

    const { csv } = await services.exports.buildCsv(sponsorId);
    const [header, row] = csv.trim().split(/\r?\n/).map((line) => line.split(','));
    const column = (name: string) => row![header!.indexOf(name)];
    assert.deepEqual([column('committed'), column('paid')], ['7000.00', '4000.00']);

    const month = new Date().toISOString().slice(0, 7);
    const report = (await services.reports.monthly(sponsorId, month))!;
    assert.deepEqual([report.committedCents, report.paidCents], [700_000, 400_000]);

    // 100 engagements for the 700,000 committed.
    const results = await services.collaborations.campaignResults(campaignId);
    assert.deepEqual([results.reported, results.costPerEngagementCents], [1, 7_000]);
  });

  it('leave what is not committed for an offer, and refuse one beyond it', async () => {
    const { services } = app.t.ctx;
    const creator = await viewerOf(app.t, creatorId);
    await assert.rejects(services.offers.answer(creator, waiting, 'accept'), (err: unknown) => err instanceof Conflict && /\$3,000\.00/.test(err.message));
    await app.t.ctx.db('offers').where({ id: waiting }).update({ budget_cents: 300_000 });
    assert.equal((await services.offers.answer(creator, waiting, 'accept')).status, 'accepted');
    assert.equal((await services.campaigns.get(campaignId))!.remainingCents, 0);
  });
});
