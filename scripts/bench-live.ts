// The live-events target of `npm run bench`: 1,000 streams (GET /events) open on one web process,
// messages posted through HTTP while they are open, and how long each takes to reach its streams.
// Also what an idle stream costs the server in memory: its JS heap and buffers after a full
// collection, before and after the streams are opened (the server runs with --expose-gc).
import http from 'node:http';
import { BENCH_PASSWORD, benchIds } from './bench-data';
import { logInOverHttp } from './http';

export interface LiveFigures {
  streams: number;
  accounts: number;
  messages: number;
  deliveries: number;
  missed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** JS heap and buffers (after a full collection) a stream adds. */
  kbPerStream: number;
  meetsGoal: boolean;
}

/** The live goals: p99 from the POST to the stream under 100 ms; an idle stream ≤ 20 KB of server memory. */
export const LIVE_GOAL = { p99Ms: 100, kbPerStream: 20 };

export interface Memory {
  heap: number;
  external: number;
  rss: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a stream; `onEvent` gets each event's name as it arrives. Resolves once it is ready. */
function openStream(base: string, cookie: string, onEvent: (name: string) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/events`, { agent: false, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /events answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const name = /^event: (.+)$/m.exec(buffer.slice(0, cut))?.[1];
          buffer = buffer.slice(cut + 2);
          if (name === 'close') reject(new Error('the stream was refused (LIVE_STREAMS_PER_ACCOUNT / LIVE_STREAMS_PER_PROCESS)'));
          if (name === 'ready') resolve(req);
          if (name) onEvent(name);
        }
      });
    });
    req.on('error', reject);
  });
}

/**
 * `streams` streams over `accounts` influencers; `messages` messages from one sponsor to them in
 * turn, `perSecond` a second. Each message's latency is measured at every stream of its addressee.
 */
export async function measureLive(base: string, memory: () => Promise<Memory>, { streams = 1000, accounts = 20, messages = 200, perSecond = 20 } = {}): Promise<LiveFigures> {
  const ids = benchIds();
  const sponsor = await logInOverHttp(base, 'sponsor1', BENCH_PASSWORD);
  const sponsorId = ids.sponsor(1);
  const influencers: { id: number; cookie: string }[] = [];
  for (let n = 1; n <= accounts; n++) {
    const { session, csrf } = await logInOverHttp(base, `influencer${n}`, BENCH_PASSWORD);
    influencers.push({ id: ids.influencer(n), cookie: `session=${session}; csrf=${csrf}` });
  }

  // The message each influencer is waiting for: when it was posted, and how many of its streams heard it.
  const pending = new Map<number, { at: number; heard: number }>();
  const latencies: number[] = [];
  const before = await memory();
  const open: http.ClientRequest[] = [];
  const perAccount = Math.ceil(streams / accounts);
  for (const influencer of influencers) {
    const batch = [];
    for (let i = 0; i < perAccount && open.length + batch.length < streams; i++) {
      batch.push(
        openStream(base, influencer.cookie, (name) => {
          const waiting = pending.get(influencer.id);
          if (name === `chat-${sponsorId}` && waiting) {
            latencies.push(performance.now() - waiting.at);
            waiting.heard += 1;
          }
        }),
      );
    }
    open.push(...(await Promise.all(batch)));
  }
  await sleep(2000);
  const after = await memory();

  let deliveries = 0;
  const expected = new Map<number, number>(influencers.map((inf, i) => [inf.id, Math.min(perAccount, streams - i * perAccount)]));
  for (let m = 0; m < messages; m++) {
    const to = influencers[m % influencers.length]!;
    const waiting = { at: performance.now(), heard: 0 };
    pending.set(to.id, waiting);
    const res = await fetch(`${base}/inbox/${to.id}/messages`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `session=${sponsor.session}; csrf=${sponsor.csrf}` },
      body: new URLSearchParams({ body: `Live bench message ${m}`, _csrf: sponsor.token }).toString(),
    });
    if (res.status !== 303) throw new Error(`posting a message answered ${res.status}`);
    await sleep(1000 / perSecond);
    deliveries += expected.get(to.id) ?? 0;
  }
  await sleep(500);
  for (const req of open) req.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 10) / 10;
  const held = (m: Memory) => m.heap + m.external;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;
  const kbPerStream = Math.round(((held(after) - held(before)) / open.length / 1024) * 10) / 10;
  const figures = {
    streams: open.length,
    accounts,
    messages,
    deliveries,
    missed: deliveries - latencies.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Math.round((latencies.at(-1) ?? NaN) * 10) / 10,
    heapBeforeMb: mb(held(before)),
    heapAfterMb: mb(held(after)),
    rssBeforeMb: mb(before.rss),
    rssAfterMb: mb(after.rss),
    kbPerStream,
  };
  return { ...figures, meetsGoal: figures.missed === 0 && figures.p99Ms < LIVE_GOAL.p99Ms && kbPerStream <= LIVE_GOAL.kbPerStream };
}
