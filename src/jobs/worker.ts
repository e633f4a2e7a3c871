// The background worker: relays the outbox to the queues and processes their jobs.
import type { AppContext } from '../context';
import { createMailer, type Mailer } from '../mail';
import { processCsvExport } from './csvExport';
import { closeQueues, createQueues } from './queues';
import { relayOnce } from './relay';

export interface Worker {
  /** Sends pending outbox rows now (the relay also runs on its own every `relayIntervalMs`). */
  relay(): Promise<number>;
  close(): Promise<void>;
}

export function startWorker(ctx: AppContext, { relayIntervalMs = 1000, mailer }: { relayIntervalMs?: number; mailer?: Mailer } = {}): Worker {
  const mail = mailer ?? createMailer(ctx.config);
  const producers = createQueues(ctx.config, ctx.log, { isWorker: false });
  const consumers = createQueues(ctx.config, ctx.log, { isWorker: true });

  consumers.exports.process(2, async (job) => processCsvExport(ctx.config, ctx.services, mail, Number((job.data as { exportId: number }).exportId)));
  consumers.exports.on('failed', (job, err) => {
    ctx.log.error(`export job ${job.id} failed for good`, err);
    const id = Number((job.data as { exportId: number }).exportId);
    ctx.services.exports.setStatus(id, 'failed', { error: err.message }).catch(() => undefined);
  });
  consumers.exports.checkStalledJobs(5000).catch(() => undefined);

  let running: Promise<number> | null = null;
  const relay = () => {
    // One relay round at a time in this process.
    running ??= relayOnce(ctx.services, producers, ctx.log).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    relay().catch((err) => ctx.log.error('outbox relay failed', err));
  }, relayIntervalMs);

  return {
    relay,
    async close() {
      clearInterval(timer);
      await running?.catch(() => undefined);
      await closeQueues(consumers);
      await closeQueues(producers);
      if (!mailer) mail.close();
    },
  };
}
