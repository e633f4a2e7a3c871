// Every query behind the heavy pages (searches, dashboards, inboxes, insights) on the bench data
// set, uncached (no Redis), each page opened three times and the third counted: how long each query
// took, slowest first. `npm run bench` prints the slowest against the 5 ms goal;
// `npx tsx scripts/query-times.ts [n]` lists the n slowest.
import request from 'supertest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { closeContext, createContext } from '../src/context';
import { BENCH_PASSWORD, benchIds } from './bench-data';

const PAGES: Record<string, string[]> = {
  admin: ['/admin', '/admin/insights', '/admin/campaigns'],
  sponsor1: ['/sponsor', '/inbox', '/sponsor/influencers?niche=fit&sort=followers&page=50'],
  influencer1: ['/influencer', '/influencer/campaigns?sort=budget', '/inbox'],
  user1: ['/user', '/user/influencers'],
};

export interface QueryTime {
  page: string;
  sql: string;
  ms: number;
}

export async function measureQueries(): Promise<QueryTime[]> {
  const base = loadConfig();
  const ctx = createContext({ ...base, databaseUrl: base.benchDatabaseUrl, redisUrl: 'redis://127.0.0.1:1', demoData: false, logLevel: 'error' } as typeof base);
  const app = createApp(ctx);
  // The busiest sponsor's newest conversation: the chat page.
  const chat = await ctx.db('conversations').where({ sponsor_id: benchIds().sponsor(1) }).orderBy('last_message_at', 'desc').first('influencer_id');
  const pages = { ...PAGES, sponsor1: [...PAGES.sponsor1!, `/inbox/${chat.influencer_id}`] };
  const started = new Map<string, { sql: string; at: bigint }>();
  const times: QueryTime[] = [];
  let page = '';
  ctx.db.on('query', (q: { __knexQueryUid: string; sql: string }) => started.set(q.__knexQueryUid, { sql: q.sql, at: process.hrtime.bigint() }));
  ctx.db.on('query-response', (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (s) times.push({ page, sql: s.sql, ms: Number(process.hrtime.bigint() - s.at) / 1e6 });
  });
  for (const [username, paths] of Object.entries(pages)) {
    page = ''; // logging in is not a page's work
    const agent = request.agent(app);
    const form = await agent.get('/login');
    const token = /name="csrf-token" content="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ username, password: BENCH_PASSWORD, _csrf: token }).expect(303);
    for (const path of paths) {
      for (let round = 0; round < 3; round += 1) {
        page = round === 2 ? `${username} ${path}` : '';
        const res = await agent.get(path);
        if (res.status !== 200) throw new Error(`${path} as ${username}: ${res.status}`);
      }
    }
  }
  await closeContext(ctx);
  // The reads behind the pages (a visit's bookkeeping writes are not what a page waits on to show).
  return times.filter((t) => t.page && /^\s*select/i.test(t.sql)).sort((a, b) => b.ms - a.ms);
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
