// `npx tsx scripts/query-times.ts`: every query behind the heavy pages on the bench data set, uncached,
// with how long it took (the slowest first). A look inside `npm run bench --cold`.
import request from 'supertest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { closeContext, createContext } from '../src/context';
import { BENCH_PASSWORD } from './bench-data';

const PAGES: Record<string, string[]> = {
  admin: ['/admin', '/admin/insights', '/admin/campaigns'],
  sponsor1: ['/sponsor', '/inbox', '/sponsor/influencers?niche=fit&sort=followers&page=50'],
  influencer1: ['/influencer', '/influencer/campaigns?sort=budget', '/inbox'],
  user1: ['/user', '/user/influencers'],
};

async function main() {
  const base = loadConfig();
  const ctx = createContext({ ...base, databaseUrl: base.benchDatabaseUrl, redisUrl: 'redis://127.0.0.1:1', demoData: false, logLevel: 'error' } as typeof base);
  const app = createApp(ctx);
  const started = new Map<string, { sql: string; at: bigint }>();
  const times: { page: string; sql: string; ms: number }[] = [];
  let page = '';
  ctx.db.on('query', (q: { __knexQueryUid: string; sql: string }) => started.set(q.__knexQueryUid, { sql: q.sql, at: process.hrtime.bigint() }));
  ctx.db.on('query-response', (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (s) times.push({ page, sql: s.sql, ms: Number(process.hrtime.bigint() - s.at) / 1e6 });
  });
  for (const [username, paths] of Object.entries(PAGES)) {
    const agent = request.agent(app);
    const form = await agent.get('/login');
    const token = /name="csrf-token" content="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ username, password: BENCH_PASSWORD, _csrf: token }).expect(303);
    for (const path of paths) {
      for (let round = 0; round < 3; round += 1) {
        page = round === 2 ? `${username} ${path}` : '';
        const started = process.hrtime.bigint();
        const res = await agent.get(path);
        if (round === 2) times.push({ page, sql: `(whole page, ${res.status})`, ms: Number(process.hrtime.bigint() - started) / 1e6 });
      }
    }
  }
  for (const t of times.filter((t) => t.page).sort((a, b) => b.ms - a.ms).slice(0, Number(process.argv[2] ?? 25))) {
    console.log(`${t.ms.toFixed(2).padStart(8)} ms  ${t.page.padEnd(40)} ${t.sql.replace(/\s+/g, ' ').slice(0, 150)}`);
  }
  await closeContext(ctx);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
