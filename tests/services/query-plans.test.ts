// Every query behind the search, inbox, chat and dashboard pages is answered from an index: the
// pages are requested on a (small) copy of the bench data set, every SELECT they issue is caught
// and run through EXPLAIN QUERY PLAN, and no plan may read a whole table.
// SQLite only: PostgreSQL's planner rightly reads tiny tables whole, so its plans prove nothing here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { POLL_SQL } from '../../src/services/messages';
import { SESSION_USER_SQL } from '../../src/services/sessions';
import { BENCH_PASSWORD, benchIds, buildBenchData } from '../../scripts/bench-data';
import { browser, createTestApp, logIn, onPostgres, type TestApp } from '../support/app';

let t: TestApp;
const captured: { sql: string; bindings: unknown[] }[] = [];

before(async () => {
  if (onPostgres) return;
  t = await createTestApp();
  await buildBenchData(t.ctx.db, 0.05);
});
after(() => t?.close());

/** The pages each role opens, and what they search for. */
const VISITS: Record<string, string[]> = {
  sponsor1: [
    '/sponsor',
    '/sponsor/influencers',
    '/sponsor/influencers?sort=followers&page=3',
    '/sponsor/influencers?niche=fit&sort=followers&page=2',
    '/sponsor/influencers?q=influencer12&sort=followers',
    '/sponsor/influencers?category=Travel&sort=followers',
    '/sponsor/influencers?sort=category',
    '/sponsor/influencers?sort=niche',
    // The creator profile's filters and sorts.
    '/sponsor/influencers?platform=instagram&min_followers=10000&sort=followers',
    '/sponsor/influencers?platform=youtube&max_followers=5000&sort=engagement',
    '/sponsor/influencers?price_kind=post&max_price=500&sort=price',
    '/sponsor/influencers?max_price=300&language=es&country=ES&available=yes',
    '/sponsor/influencers?sort=engagement&page=2',
    '/inbox',
    '/inbox?page=2',
    '/sponsor/exports',
  ],
  influencer1: [
    '/influencer',
    '/influencer/campaigns',
    '/influencer/campaigns?sort=budget',
    '/influencer/campaigns?sort=budget&order=asc&page=2',
    '/influencer/campaigns?niche=hik&sort=start',
    '/inbox',
  ],
  user1: ['/user', '/user/influencers?niche=gam', '/user/influencers?sort=followers&page=2'],
  admin: ['/admin', '/admin/campaigns', '/admin/insights'],
};

/** Tables that grow with the marketplace (the small bookkeeping ones are left out). */
const BIG_TABLES = ['users', 'sponsor_profiles', 'influencer_profiles', 'platform_accounts', 'rates', 'campaigns', 'offers', 'conversations', 'messages', 'follows', 'exports'];

async function plan(sql: string, bindings: unknown[]): Promise<string[]> {
  const rows = (await t.ctx.db.raw(`explain query plan ${sql}`, bindings as never[])) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** A plan step that reads a whole table: `SCAN <table or alias>` without an index. */
function fullScans(details: string[], aliases: Map<string, string>): string[] {
  return details.filter((d) => {
    const match = /^SCAN (\w+)(?: AS \w+)?$/.exec(d) ?? /^SCAN (\w+)(?! USING)/.exec(d);
    if (!match || / USING (COVERING )?INDEX| USING INTEGER PRIMARY KEY/.test(d)) return false;
    const table = aliases.get(match[1]!) ?? match[1]!;
    return BIG_TABLES.includes(table);
  });
}

/** `from campaigns as c`, `join users u`: which alias stands for which table in a statement. */
function aliasesOf(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/(?:from|join)\s+[`"]?(\w+)[`"]?(?:\s+as)?\s+[`"]?(\w+)[`"]?/gi)) aliases.set(m[2]!, m[1]!);
  return aliases;
}

describe('query plans on the bench data set', { skip: onPostgres && 'SQLite plans only' }, () => {
  it('read no big table whole for any search, inbox, chat, dashboard or poll', async () => {
    const ids = benchIds(0.05);
    const chatWith = await t.ctx.db('conversations').where({ sponsor_id: ids.sponsor(1) }).first('influencer_id', 'version', 'last_message_id');
    VISITS.sponsor1!.push(
      `/inbox/${chatWith.influencer_id}`,
      `/inbox/${chatWith.influencer_id}?before=${chatWith.last_message_id}`,
      `/inbox/${chatWith.influencer_id}/poll?v=0`,
    );

    const listener = (q: { sql: string; bindings?: unknown[] }) => {
      if (/^\s*(select|with)\b/i.test(q.sql)) captured.push({ sql: q.sql, bindings: q.bindings ?? [] });
    };
    t.ctx.db.on('query', listener);
    try {
      for (const [username, paths] of Object.entries(VISITS)) {
        const agent = browser(t);
        assert.equal((await logIn(agent, username, BENCH_PASSWORD)).status, 303, `${username} logs in`);
        for (const path of paths) {
          const res = await agent.get(path).set('HX-Request', path.includes('/poll') ? 'true' : '');
          assert.ok(res.status === 200 || res.status === 204, `${path} as ${username}: ${res.status}`);
        }
      }
    } finally {
      t.ctx.db.off('query', listener);
    }
    // The two hot statements that bypass the query builder.
    captured.push({ sql: SESSION_USER_SQL, bindings: [ids.sponsor(1)] });
    captured.push({ sql: POLL_SQL, bindings: [ids.sponsor(1), chatWith.influencer_id, chatWith.influencer_id, ids.sponsor(1), ids.sponsor(1)] });

    const unique = new Map(captured.map((q) => [q.sql, q]));
    assert.ok(unique.size >= 30, `expected the pages to issue many distinct queries, caught ${unique.size}`);
    const offenders: string[] = [];
    for (const { sql, bindings } of unique.values()) {
      const scans = fullScans(await plan(sql, bindings), aliasesOf(sql));
      if (scans.length) offenders.push(`${scans.join('; ')}\n    in: ${sql}`);
    }
    assert.deepEqual(offenders, [], `full table scans:\n${offenders.join('\n')}`);
  });

  it('would notice a full scan (the check itself works)', async () => {
    const details = await plan('select * from messages where body = ?', ['x']);
    assert.deepEqual(fullScans(details, new Map()), ['SCAN messages']);
  });
});
