// The background worker, in four parts: the queue connection (which waits for Redis when Redis is
// away; the work waits in the database meanwhile), the processors (one per entry of the job
// registry), the outbox relay, and the scheduler.
import type { EventEmitter } from 'node:events';
import type Queue from 'bee-queue';
import type { AppContext } from '../context';
import { createMailer, type Mailer } from '../mail';
import { type JobPayloads, QUEUES, type QueueName } from '../services/outbox';
import { closeQueues, createQueues, type Queues } from './queues';
import { type JobDeps, JOBS } from './registry';
import { outboxRowOf, relayOnce } from './relay';
import { startScheduler } from './scheduler';

export interface Worker {
  /** Sends pending outbox rows now (the relay also runs on its own every `relayIntervalMs`). */
  relay(): Promise<number>;
  close(): Promise<void>;
}

const RECONNECT_MS = 5000;

export function startWorker(
  ctx: AppContext,
  {
    relayIntervalMs = 1000,
    resendAfterMs = ctx.config.outboxResendSeconds * 1000,
    scheduling = true,
    mailer,
  }: {
    relayIntervalMs?: number;
    /** How long a sent job may go unfinished before it is sent again (it may have been lost). */
    resendAfterMs?: number;
    /** Plan the daily reminders and monthly reports (tests plan them by hand). */
    scheduling?: boolean;
    mailer?: Mailer;
  } = {},
): Worker {
  const deps: JobDeps = { config: ctx.config, services: ctx.services, log: ctx.log, mailer: mailer ?? createMailer(ctx.config) };
  const connection = connectQueues(ctx, (consumers) => {
    for (const name of QUEUES) attachProcessor(deps, name, consumers[name]);
  });
  const relay = startRelay(ctx, () => connection.producers(), { relayIntervalMs, resendAfterMs });
  const scheduler = scheduling ? startScheduler(ctx) : null;
  const chores = housekeeping(ctx);
  return {
    async relay() {
      await connection.connecting;
      return relay.now();
    },
    async close() {
      scheduler?.stop();
      clearInterval(chores);
      await relay.stop();
      await connection.close();
      if (!mailer) deps.mailer.close();
    },
  };
}

const HOUSEKEEPING_MS = 60_000;

/**
 * At start, then every minute: finishes the account deletions a crash or restart cut short, and
 * folds the insights' running totals into one row per key.
 */
function housekeeping(ctx: AppContext): NodeJS.Timeout {
  const run = async () => {
    await ctx.services.deletions.purgePending().then(
      (n) => n > 0 && ctx.log.info(`finished ${n} account deletion${n === 1 ? '' : 's'} cut short`),
      (err: unknown) => ctx.log.warn(`finishing account deletions failed (tried again in a minute): ${String(err)}`),
    );
    await ctx.services.insights.fold().catch((err: unknown) => ctx.log.warn(`folding the insights' totals failed: ${String(err)}`));
  };
  void run();
  const timer = setInterval(() => void run(), HOUSEKEEPING_MS);
  timer.unref();
  return timer;
}

/** Runs the registry's handler for each job of `name`, and marks its outbox row done when it ends. */
function attachProcessor<Q extends QueueName>(deps: JobDeps, name: Q, queue: Queue): void {
  const job = JOBS[name];
  queue.process(job.concurrency, async (j) => job.run(deps, j.data as JobPayloads[Q]));
  // A finished job's outbox row is done: it is never sent again.
  const finished = (j: { id: string }) => {
    const row = outboxRowOf(j.id);
    if (row !== null) deps.services.outbox.markDone(row).catch((err) => deps.log.error(`outbox ${row} could not be marked done`, err));
  };
  queue.on('succeeded', finished);
  // bee-queue emits 'failed' on every retry too; 'failed:fatal' once the retries are spent.
  (queue as EventEmitter).on('failed:fatal', (j: { id: string; data: JobPayloads[Q] }, err: Error) => {
    deps.log.error(`${name} job ${j.id} failed for good`, err);
    job.failed?.(deps, j.data, err).catch(() => undefined);
    finished(j);
  });
  queue.checkStalledJobs(5000).catch(() => undefined);
}

/**
 * Producer and consumer queues, made once Redis answers. bee-queue does not reliably carry on after
 * its connection drops (a Redis restart also loses its scripts): on the first error the queues are
 * dropped and made anew once Redis answers. Jobs lost with Redis are sent again from the outbox.
 */
function connectQueues(ctx: AppContext, connected: (consumers: Queues) => void) {
  let queues: { producers: Queues; consumers: Queues } | null = null;
  let closed = false;
  let reconnect: NodeJS.Timeout | undefined;
  const retryLater = () => {
    if (!closed) reconnect = setTimeout(() => void connect(), RECONNECT_MS);
  };

  async function connect() {
    const producers = createQueues(ctx.config, ctx.log, { isWorker: false });
    const consumers = createQueues(ctx.config, ctx.log, { isWorker: true });
    const all = [...Object.values(producers), ...Object.values(consumers)];
    const drop = (timeoutMs?: number) => Promise.all([closeQueues(producers, timeoutMs), closeQueues(consumers, timeoutMs)]);
    try {
      await Promise.all(all.map((q) => q.ready()));
    } catch (err) {
      ctx.log.warn(`worker: Redis unreachable (${(err as Error).message}); trying again in ${RECONNECT_MS / 1000} s`);
      await drop(100);
      retryLater();
      return;
    }
    if (closed) {
      await drop();
      return;
    }
    connected(consumers);
    const current = { producers, consumers };
    queues = current;
    const lost = (err: Error) => {
      if (queues !== current || closed) return;
      queues = null;
      ctx.log.warn(`worker: lost Redis (${err.message}); reconnecting`);
      void Promise.race([drop(100), new Promise((r) => setTimeout(r, 1000))]).then(retryLater);
    };
    for (const queue of all) queue.on('error', lost);
  }

  const connecting = connect();
  return {
    /** Settles once the first attempt to connect is over (connected or not). */
    connecting,
    producers: () => queues?.producers ?? null,
    async close() {
      closed = true;
      clearTimeout(reconnect);
      await connecting;
      if (queues) await Promise.all([closeQueues(queues.consumers), closeQueues(queues.producers)]);
    },
  };
}

/** Relays the outbox every `relayIntervalMs`: one round at a time, none while Redis is away. */
function startRelay(ctx: AppContext, producers: () => Queues | null, { relayIntervalMs, resendAfterMs }: { relayIntervalMs: number; resendAfterMs: number }) {
  let running: Promise<number> | null = null;
  const now = () => {
    const queues = producers();
    running ??= (queues ? relayOnce(ctx.services, queues, ctx.log, resendAfterMs) : Promise.resolve(0)).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    now().catch((err) => ctx.log.error('outbox relay failed', err));
  }, relayIntervalMs);
  return {
    now,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
