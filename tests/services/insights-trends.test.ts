// The insights' trends: new accounts per week by role, offers sent and accepted per week, money
// committed and paid per month, counted by the database over the last 12 weeks and 6 months.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TREND_MONTHS, TREND_WEEKS } from '../../src/services/insights';
import { withTestApp } from '../support/app';
import { account, campaign, influencer, offer, sponsor } from '../support/factories';

const app = withTestApp();
const DAY = 86_400_000;

describe('insights.trends', () => {
  it('counts each week and month from the right rows, oldest first, this week and month last', async () => {
    const before = (await app.t.ctx.services.insights.all()).trends;
    const brand = await sponsor(app.t);
    const creator = await influencer(app.t);
    const fan = await account(app.t, 'user');
    // The fan joined three weeks ago; an account older than 12 weeks is not counted.
    await app.t.ctx.db('users').where({ id: fan }).update({ created_at: Date.now() - 21 * DAY });
    const old = await account(app.t, 'user');
    await app.t.ctx.db('users').where({ id: old }).update({ created_at: Date.now() - 200 * DAY });
    const campaignId = await campaign(app.t, brand.id);
    const accepted = await offer(app.t, { campaignId, sponsorId: brand.id, influencerId: creator, budgetCents: 150_000, status: 'accepted' });
    await app.t.ctx.db('offers').where({ id: accepted }).update({ created_at: Date.now() - 1000, answered_at: Date.now(), paid_at: Date.now() });
    await offer(app.t, { campaignId, sponsorId: brand.id, influencerId: creator, budgetCents: 90_000, status: 'pending' });

    const { accounts, offers, money } = (await app.t.ctx.services.insights.all()).trends;
    assert.equal(accounts.rows.length, TREND_WEEKS);
    assert.equal(money.rows.length, TREND_MONTHS);
    assert.deepEqual(accounts.columns, ['Sponsors', 'Influencers', 'Users']);
    const last = TREND_WEEKS - 1;
    const diff = (now: number[], then: number[]) => now.map((n, i) => n - then[i]!);
    assert.deepEqual(diff(accounts.rows[last]!.values, before.accounts.rows[last]!.values), [1, 1, 0]);
    // Three weeks ago: the same weekday lands three rows back.
    assert.deepEqual(diff(accounts.rows[last - 3]!.values, before.accounts.rows[last - 3]!.values), [0, 0, 1]);
    assert.deepEqual(diff(offers.rows[last]!.values, before.offers.rows[last]!.values), [2, 1]);
    assert.deepEqual(diff(money.rows[TREND_MONTHS - 1]!.values, before.money.rows[TREND_MONTHS - 1]!.values), [1500, 1500]);
    assert.equal(accounts.rows.reduce((n, r) => n + r.values.reduce((a, b) => a + b, 0), 0) - before.accounts.rows.reduce((n, r) => n + r.values.reduce((a, b) => a + b, 0), 0), 3);
  });
});
