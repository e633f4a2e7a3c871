// Starts the background worker process (`npm run worker`; `npm start` runs one beside the web).
import { loadConfig } from './config';
import { closeContext, createContext } from './context';
import { migrateLatest } from './db';
import { startWorker } from './jobs/worker';

async function main() {
  const ctx = createContext(loadConfig());
  await migrateLatest(ctx.db);
  const worker = startWorker(ctx);
  ctx.log.info('worker started: relaying the outbox and processing jobs');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info(`worker: ${signal} received, finishing jobs`);
    await worker.close();
    await closeContext(ctx);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('The worker could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
