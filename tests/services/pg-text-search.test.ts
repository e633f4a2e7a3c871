// PostgreSQL only: a campaign search for a rare term (lower(column) LIKE '%term%' on title,
// description and niche) is answered from the trigram indexes of migration 20261126000000 instead
// of reading every campaign. On enough rows (a fifth of the bench data set) for the planner to
// prefer them, as it does at scale.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BENCH_PASSWORD, buildBenchData } from '../../scripts/bench-data';
import { browser, createTestApp, logIn, onPostgres, type TestApp } from '../support/app';

let t: TestApp;
before(async () => {
  if (!onPostgres) return;
  t = await createTestApp();
});
after(() => t?.close());

describe('PostgreSQL trigram search indexes', { skip: !onPostgres && 'PostgreSQL only' }, () => {
  it('exist on the searched columns', async () => {
    const { rows } = (await t.ctx.db.raw(`select indexname from pg_indexes where indexname like '%_trgm' order by indexname`)) as { rows: { indexname: string }[] };
    assert.deepEqual(
      rows.map((r) => r.indexname),
      ['campaigns_description_trgm', 'campaigns_niche_trgm', 'campaigns_title_trgm', 'influencer_profiles_niche_trgm'],
    );
  });

  it('answer a campaign search for a rare term, a column at a time', async () => {
    await buildBenchData(t.ctx.db, 0.2);
    const creator = browser(t);
    await logIn(creator, 'influencer1', BENCH_PASSWORD);

    const captured: { sql: string; bindings: unknown[] }[] = [];
    const listener = (q: { sql: string; bindings?: unknown[] }) => {
      if (/^\s*select\b/i.test(q.sql) && /lower\(c\.title\) like/.test(q.sql)) captured.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
    };
    t.ctx.db.on('query', listener);
    try {
      const page = await creator.get('/influencer/campaigns?q=zqx');
      assert.equal(page.status, 200);
      assert.match(page.text, /No campaign matches\./);
    } finally {
      t.ctx.db.off('query', listener);
    }
    assert.ok(captured.length > 0, 'the search was caught');
    for (const { sql, bindings } of captured) {
      // PostgreSQL's query events carry $1, $2…; knex.raw takes ?.
      const { rows } = (await t.ctx.db.raw(`explain ${sql.replace(/\$\d+/g, '?')}`, bindings as never[])) as { rows: { 'QUERY PLAN': string }[] };
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      const lookups = [...plan.matchAll(/Bitmap Index Scan on campaigns_(\w+)_trgm/g)].map((m) => m[1]).sort();
      assert.deepEqual(lookups, ['description', 'niche', 'title'], `${sql}\n${plan}`);
    }
  });
});
