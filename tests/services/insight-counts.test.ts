// The insights read running totals that triggers keep (migrations/…_insight_counts). On the bench
// and demo data, and after writes of every kind (including cascades and an account's purge), they
// give the figures a direct count of the tables gives, on SQLite and PostgreSQL.
import { createStore } from '../../src/changes';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { benchIds, buildBenchData } from '../../scripts/bench-data';
import { runSeeds } from '../../src/db';
import { type Insights, insightsService } from '../../src/services/insights';
import { createTestApp, type TestApp } from '../support/app';
import { asSponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

const WEEK = 7 * 86_400_000;

/** The insights' figures counted straight from the tables, as the page used to on every miss. */
async function direct(): Promise<Record<string, number>> {
  const db = t.ctx.db;
  const out: Record<string, number> = {};
  const group = async (table: string, column: string, prefix: string) => {
    const rows: { k: unknown; n: number | string }[] = await db(table).select(`${column} as k`).count({ n: '*' }).groupBy(column);
    for (const r of rows) {
      const k = typeof r.k === 'boolean' ? (r.k ? 'true' : 'false') : prefix === 'flagged' ? (Number(r.k) ? 'true' : 'false') : String(r.k);
      out[`${prefix}:${k}`] = Number(r.n);
    }
  };
  await group('campaigns', 'flagged', 'flagged');
  await group('campaigns', 'visibility', 'visibility');
  await group('users', 'role', 'role');
  await group('offers', 'status', 'offer');
  await group('deliverables', 'state', 'deliverable');
  const sums: Record<string, unknown> | undefined = await db('deliverables').sum({ views: 'views', likes: 'likes', comments: 'comments', clicks: 'clicks' }).first();
  for (const k of ['views', 'likes', 'comments', 'clicks']) out[k] = Number(sums?.[k] ?? 0);
  return out;
}

/** The same figures as the insights show them. */
function shown(insights: Insights): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (prefix: string, slices: { key?: string; value: number }[]) => {
    for (const s of slices) if (s.value !== 0) out[`${prefix}:${s.key}`] = s.value;
  };
  add('flagged', insights.flagged);
  add('visibility', insights.visibility);
  add('role', insights.roles);
  add('offer', insights.offers);
  add('deliverable', insights.deliverables);
  for (const r of insights.results) out[r.label.toLowerCase()] = r.value;
  return out;
}

/** Trends counted straight from the tables: this week's and last week's signups and offers, this month's money. */
async function directTrends(): Promise<number[]> {
  const db = t.ctx.db;
  const now = Date.now();
  const day = new Date(now);
  const monday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - ((day.getUTCDay() + 6) % 7) * 86_400_000;
  const monthStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
  const n = async (q: ReturnType<typeof db>) => Number((await q.count({ n: '*' }).first())?.n ?? 0);
  const sum = async (q: ReturnType<typeof db>) => Number((await q.sum({ s: 'budget_cents' }).first())?.s ?? 0);
  return [
    await n(db('users').where('role', 'influencer').where('created_at', '>=', monday)),
    await n(db('users').where('role', 'sponsor').where('created_at', '>=', monday - WEEK).where('created_at', '<', monday)),
    await n(db('offers').where('created_at', '>=', monday)),
    await n(db('offers').where('status', 'accepted').where('answered_at', '>=', monday)),
    Math.round((await sum(db('offers').where('status', 'accepted').where('answered_at', '>=', monthStart))) / 100),
    Math.round((await sum(db('offers').where('paid_at', '>=', monthStart))) / 100),
  ];
}

function trendsShown(insights: Insights): number[] {
  const { accounts, offers, money } = insights.trends;
  const last = accounts.rows.length - 1;
  return [
    accounts.rows[last]!.values[1]!,
    accounts.rows[last - 1]!.values[0]!,
    offers.rows[last]!.values[0]!,
    offers.rows[last]!.values[1]!,
    money.rows[money.rows.length - 1]!.values[0]!,
    money.rows[money.rows.length - 1]!.values[1]!,
  ];
}

async function assertSame(when: string) {
  // Not through the cache: some writes here go behind the services' backs.
  const insights = await insightsService(createStore(t.ctx.db)).all();
  const expected = Object.fromEntries(Object.entries(await direct()).filter(([, v]) => v !== 0));
  assert.deepEqual(shown(insights), expected, when);
  assert.deepEqual(trendsShown(insights), await directTrends(), `${when}: trends`);
}

describe('insights from running totals', () => {
  it('match a direct count on the bench data, after every kind of write, and after folding', async () => {
    await buildBenchData(t.ctx.db, 0.05);
    await assertSame('the bench data as built');
    const ids = benchIds(0.05);
    const services = t.ctx.services;

    // Campaigns flagged, made private, deleted (its offers cascade).
    const [first, second, third] = await t.ctx.db('campaigns').where({ sponsor_id: ids.sponsor(3) }).orderBy('id').limit(3).pluck('id');
    await services.campaigns.flag(first!, 'Misleading', undefined);
    await services.campaigns.toggleVisibility(asSponsor(ids.sponsor(3)), second!);
    await services.campaigns.remove(asSponsor(ids.sponsor(3)), third!);
    // Offers answered and paid, deliverables moved and measured, behind the services' backs too.
    const pending = await t.ctx.db('offers').where({ status: 'pending' }).orderBy('id').limit(3).pluck('id');
    await t.ctx.db('offers').whereIn('id', pending).update({ status: 'accepted', answered_at: Date.now() });
    await t.ctx.db('offers').whereIn('id', pending.slice(0, 2)).update({ paid_at: Date.now() });
    const deliverable = await t.ctx.db('deliverables').orderBy('id').first('id');
    await t.ctx.db('deliverables').where({ id: deliverable!.id }).update({ state: 'approved', views: 1000, likes: 50, comments: 7, clicks: 3 });
    await assertSame('after flags, a deletion, answers, payments and results');

    // An account deleted: marked, then purged in steps.
    await services.moderation.deleteAccount(ids.sponsor(1));
    await services.deletions.purgePending();
    await assertSame('after the busiest account is purged');

    await insightsService(createStore(t.ctx.db)).fold();
    assert.ok(Number((await t.ctx.db('insight_counts').count({ n: '*' }).first())?.n) < 200, 'folded to one row per key');
    await assertSame('after folding');
  });

  it('match a direct count on the demo data', async () => {
    await runSeeds(t.ctx.db);
    await assertSame('the demo data');
  });
});
