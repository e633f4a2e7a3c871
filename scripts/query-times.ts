// Every query behind the heavy pages (searches, dashboards, inboxes, insights) on the bench data
// set, uncached (no Redis): each page is opened once to collect the reads it makes, then each read
// is run again on its own, on one connection, and its fastest of three runs counted, slowest
// first. (Timing the queries inside the page counted, on PostgreSQL, the wait for a pool
// connection while the page's other queries ran beside it.) `npm run bench` prints the slowest against the 5 ms goal;
// `npx tsx scripts/query-times.ts [n]` lists the n slowest.
import request from 'supertest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { closeContext, createContext } from '../src/context';
import { createStore } from '../src/changes';
import { createDb, type Db } from '../src/db';
import { insightsService } from '../src/services/insights';
import { BENCH_PASSWORD, benchIds, busiestCollaboration, scaleOption } from './bench-data';

const PAGES: Record<string, string[]> = {
  admin: ['/admin', '/admin/insights', '/admin/campaigns'],
  sponsor1: [
    '/sponsor',
    '/inbox',
    '/sponsor/influencers?niche=fit&sort=followers&page=50',
    // The creator filters and sorts (issue 28): the slowest query behind them stays under 5 ms.
    '/sponsor/influencers?platform=instagram&min_followers=5000&price_kind=post&max_price=800&language=en&available=yes&sort=engagement',
    '/sponsor/influencers?platform=youtube&sort=followers&page=20',
    '/sponsor/influencers?sort=price&price_kind=story',
    '/sponsor/influencers?country=US&language=es',
  ],
  influencer1: ['/influencer', '/influencer/campaigns?sort=budget', '/inbox', '/collaborations'],
  user1: ['/user', '/user/influencers'],
};

export interface QueryTime {
  page: string;
  sql: string;
  ms: number;
}

export async function measureQueries(): Promise<QueryTime[]> {
  scaleOption();
  const base = loadConfig();
  const ctx = createContext({ ...base, databaseUrl: base.benchDatabaseUrl, redisUrl: 'redis://127.0.0.1:1', demoData: false, logLevel: 'error' } as typeof base);
  const app = createApp(ctx);
  // The busiest sponsor's newest conversation: the chat page.
  const chat = await ctx.db('conversations').where({ sponsor_id: benchIds().sponsor(1) }).orderBy('last_message_at', 'desc').first('influencer_id');
  const collaboration = await busiestCollaboration(ctx.db);
  const pages = { ...PAGES, sponsor1: [...PAGES.sponsor1!, `/inbox/${chat.influencer_id}`, '/collaborations', `/collaborations/${collaboration}`] };
  const seen: { page: string; sql: string; bindings: readonly unknown[] }[] = [];
  let page = '';
  ctx.db.on('query', (q: { sql: string; bindings?: readonly unknown[] }) => {
    if (page && /^\s*select/i.test(q.sql)) seen.push({ page, sql: q.sql, bindings: q.bindings ?? [] });
  });
  for (const [username, paths] of Object.entries(pages)) {
    page = ''; // logging in is not a page's work
    const agent = request.agent(app);
    const form = await agent.get('/login');
    const token = /name="csrf-token" content="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ username, password: BENCH_PASSWORD, _csrf: token }).expect(303);
    for (const path of paths) {
      // Opened twice: the first visit's bookkeeping (a visit recorded, chats marked seen) is done.
      await agent.get(path);
      page = `${username} ${path}`;
      const res = await agent.get(path);
      page = '';
      if (res.status !== 200) throw new Error(`${path} as ${username}: ${res.status}`);
    }
  }
  const times: QueryTime[] = [];
  for (const query of seen) times.push({ page: query.page, sql: query.sql, ms: await fastestOfThree(ctx.db, query.sql, query.bindings) });
  await closeContext(ctx);
  return times.sort((a, b) => b.ms - a.ms);
}

/** A cache miss of the admin's insights, all of its work on the bench data set: the fastest of five, in ms. */
export async function measureInsightsMiss(): Promise<number> {
  scaleOption();
  const base = loadConfig();
  const db = createDb(base.benchDatabaseUrl, base.sqlite);
  try {
    const insights = insightsService(createStore(db));
    await insights.fold();
    let fastest = Infinity;
    for (let round = 0; round < 5; round += 1) {
      const started = process.hrtime.bigint();
      await insights.all();
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return fastest;
  } finally {
    await db.destroy();
  }
}

/** The fastest of three runs of one query as the driver gets it (SQL in the driver's own placeholders), alone on one connection. */
async function fastestOfThree(db: Db, sql: string, bindings: readonly unknown[]): Promise<number> {
  const client = db.client as { config: { client: string }; acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    let fastest = Infinity;
    for (let round = 0; round < 3; round += 1) {
      const started = process.hrtime.bigint();
      if (client.config.client === 'pg') await (connection as { query(text: string, values: readonly unknown[]): Promise<unknown> }).query(sql, bindings);
      // As knex binds on SQLite: booleans as 0/1.
      else (connection as { prepare(text: string): { all(...values: unknown[]): unknown } }).prepare(sql).all(...bindings.map((b) => (typeof b === 'boolean' ? Number(b) : b)));
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return fastest;
  } finally {
    await client.releaseConnection(connection);
  }
}

if (require.main === module) {
  measureQueries()
    .then((times) => {
      for (const t of times.slice(0, Number(process.argv[2] ?? 25))) {
        console.log(`${t.ms.toFixed(2).padStart(8)} ms  ${t.page.padEnd(40)} ${t.sql.replace(/\s+/g, ' ').slice(0, 150)}`);
      }
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
