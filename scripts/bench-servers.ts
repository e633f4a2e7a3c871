// The two servers `npm run bench` measures, each in a process of its own:
//   tsx scripts/bench-servers.ts bare   a bare Express route (the ceiling on this machine)
//   tsx scripts/bench-servers.ts app    the app on the bench data set (BENCH_DATABASE_URL)
// Each prints `listening <port>` once it takes requests.
import cluster from 'node:cluster';
import { createServer } from 'node:net';
import express from 'express';
import { loadConfig } from '../src/config';
import { createContext } from '../src/context';
import { startServer } from '../src/server';

// Exit cleanly on a signal, so that `node --cpu-prof` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));

async function main() {
  const kind = process.argv[2];
  if (kind === 'bare') {
    const app = express();
    app.get('/', (_req, res) => {
      res.type('text').send('ok');
    });
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
    });
    return;
  }
  if (kind === 'app') {
    const base = loadConfig();
    const config = { ...base, databaseUrl: base.benchDatabaseUrl, demoData: false };
    if (config.webConcurrency > 1 && cluster.isPrimary) {
      // WEB_CONCURRENCY web processes sharing one port, as `npm start` runs them.
      const port = await freePort();
      let up = 0;
      cluster.on('listening', () => {
        if (++up === config.webConcurrency) console.log(`listening ${port}`);
      });
      for (let i = 0; i < config.webConcurrency; i++) cluster.fork({ BENCH_PORT: String(port) });
      return;
    }
    const ctx = createContext(config);
    const server = await startServer(ctx, Number(process.env.BENCH_PORT ?? 0));
    // The live target asks what the process holds (after a full collection, with --expose-gc).
    process.on('SIGUSR2', () => {
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      console.log(`memory ${m.heapUsed} ${m.external} ${m.rss}`);
    });
    const address = server.address();
    if (cluster.isPrimary) console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
    return;
  }
  throw new Error('usage: bench-servers.ts bare|app');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
