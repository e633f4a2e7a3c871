import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runSeeds } from '../../src/db';
import { DEMO_PASSWORD } from '../../seeds/01_demo';
import { browser, createTestApp, logIn, type TestApp } from '../support/app';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const TABLES = ['users', 'sponsor_profiles', 'influencer_profiles', 'campaigns', 'offers', 'conversations', 'messages', 'follows'];

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await t.ctx.db(table).select().orderByRaw('1');
  for (const row of out.users as { password_hash?: string }[]) delete row.password_hash;
  // Times are "so long ago" from the minute the seed ran: compare them from that minute, so that two
  // runs a minute apart (a slow machine) are still the same data.
  const base = Number((out.users as { id: number; last_visit_at: number }[]).find((u) => u.id === 1)!.last_visit_at);
  for (const rows of Object.values(out) as Record<string, unknown>[][]) {
    for (const row of rows) for (const [key, value] of Object.entries(row)) if (key.endsWith('_at') && value !== null) row[key] = Number(value) - base;
  }
  return out;
}

describe('the demo seed', () => {
  it('gives the same database when run twice', async () => {
    await runSeeds(t.ctx.db);
    const first = await snapshot();
    await runSeeds(t.ctx.db);
    assert.deepEqual(await snapshot(), first);
  });

  it('has every role, a sponsor awaiting approval, and offers in every status', async () => {
    const roles: { role: string; n: number }[] = await t.ctx.db('users').select('role').count({ n: '*' }).groupBy('role');
    assert.deepEqual(Object.fromEntries(roles.map((r) => [r.role, Number(r.n)])), { admin: 1, influencer: 6, sponsor: 3, user: 3 });
    assert.ok(await t.ctx.db('users').where({ role: 'sponsor', status: 'pending' }).first());
    const statuses = (await t.ctx.db('offers').distinct('status')).map((r) => r.status).sort();
    assert.deepEqual(statuses, ['accepted', 'pending', 'rejected', 'superseded']);
    assert.ok(await t.ctx.db('campaigns').where({ flagged: true }).first());
    assert.ok(await t.ctx.db('campaigns').where({ visibility: 'private' }).first());
  });

  it('keeps follower counts in step with follows', async () => {
    const rows: { follower_count: number; n: number }[] = await t.ctx.db('influencer_profiles as p')
      .leftJoin('follows as f', 'f.influencer_id', 'p.user_id')
      .select('p.user_id', 'p.follower_count')
      .count({ n: 'f.user_id' })
      .groupBy('p.user_id', 'p.follower_count');
    for (const row of rows) assert.equal(Number(row.follower_count), Number(row.n));
  });

  it('lets every demo login in with the documented password', async () => {
    for (const [username, dashboard] of [
      ['admin', '/admin'],
      ['acme', '/sponsor'],
      ['lena.trails', '/influencer'],
      ['jordan', '/user'],
    ]) {
      const res = await logIn(browser(t), username!, DEMO_PASSWORD);
      assert.equal(res.headers.location, dashboard, username);
    }
  });
});
