// The background worker: relays the outbox to the queues, plans the reminders and reports, and processes
// the jobs. It waits for Redis when Redis is away (the work waits in the database meanwhile).
import type { EventEmitter } from 'node:events';
import type { AppContext } from '../context';
import { createMailer, type Mailer } from '../mail';
import { processCsvExport } from './csvExport';
import { closeQueues, createQueues, type Queues } from './queues';
import { outboxRowOf, relayOnce } from './relay';
import { processMonthlyReport, scheduleMonthlyReports } from './monthlyReport';
import { processReminder, scheduleReminders } from './reminders';

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
    /** Plan the daily reminders (tests plan them by hand). */
    scheduling?: boolean;
    mailer?: Mailer;
  } = {},
): Worker {
  const mail = mailer ?? createMailer(ctx.config);
  let queues: { producers: Queues; consumers: Queues } | null = null;
  let closed = false;
  let reconnect: NodeJS.Timeout | undefined;

  function process(consumers: Queues) {
    consumers.exports.process(2, async (job) => processCsvExport(ctx.config, ctx.services, mail, Number((job.data as { exportId: number }).exportId)));
    // bee-queue emits 'failed' on every retry too; 'failed:fatal' once the retries are spent.
    (consumers.exports as EventEmitter).on('failed:fatal', (job: { id: string; data: { exportId: number } }, err: Error) => {
      ctx.log.error(`export job ${job.id} failed for good`, err);
      ctx.services.exports.setStatus(Number(job.data.exportId), 'failed', { error: err.message }).catch(() => undefined);
    });
    consumers.reminders.process(4, async (job) => {
      const { influencerId, day } = job.data as { influencerId: number; day: string };
      return processReminder(ctx.config, ctx.services, mail, ctx.log, Number(influencerId), String(day));
    });
    consumers.reports.process(2, async (job) => {
      const { sponsorId, month } = job.data as { sponsorId: number; month: string };
      return processMonthlyReport(ctx.services, mail, Number(sponsorId), String(month));
    });
    for (const queue of Object.values(consumers)) {
      // A finished job's outbox row is done: it is never sent again.
      const finished = (job: { id: string }) => {
        const row = outboxRowOf(job.id);
        if (row !== null) ctx.services.outbox.markDone(row).catch((err) => ctx.log.error(`outbox ${row} could not be marked done`, err));
      };
      queue.on('succeeded', finished);
      (queue as EventEmitter).on('failed:fatal', finished);
      queue.checkStalledJobs(5000).catch(() => undefined);
    }
  }

  async function connect() {
    const producers = createQueues(ctx.config, ctx.log, { isWorker: false });
    const consumers = createQueues(ctx.config, ctx.log, { isWorker: true });
    try {
      await Promise.all([...Object.values(producers), ...Object.values(consumers)].map((q) => q.ready()));
    } catch (err) {
      ctx.log.warn(`worker: Redis unreachable (${(err as Error).message}); trying again in ${RECONNECT_MS / 1000} s`);
      await Promise.all([closeQueues(producers, 100), closeQueues(consumers, 100)]);
      if (!closed) reconnect = setTimeout(() => void connect(), RECONNECT_MS);
      return;
    }
    if (closed) {
      await Promise.all([closeQueues(producers), closeQueues(consumers)]);
      return;
    }
    process(consumers);
    const current = { producers, consumers };
    queues = current;
    // bee-queue does not reliably carry on after its connection drops (a Redis restart also loses
    // its scripts): on the first error the queues are dropped and made anew once Redis answers.
    // Jobs lost with Redis are sent again from the outbox; the relay waits meanwhile.
    const lost = (err: Error) => {
      if (queues !== current || closed) return;
      queues = null;
      ctx.log.warn(`worker: lost Redis (${err.message}); reconnecting`);
      const dropped = Promise.all([closeQueues(producers, 100), closeQueues(consumers, 100)]);
      void Promise.race([dropped, new Promise((r) => setTimeout(r, 1000))]).then(() => {
        if (!closed) reconnect = setTimeout(() => void connect(), RECONNECT_MS);
      });
    };
    for (const queue of [...Object.values(producers), ...Object.values(consumers)]) queue.on('error', lost);
  }
  const connecting = connect();

  let running: Promise<number> | null = null;
  const relay = () => {
    // One relay round at a time in this process; none while the queues are not connected.
    running ??= (queues ? relayOnce(ctx.services, queues.producers, ctx.log, resendAfterMs) : Promise.resolve(0)).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    relay().catch((err) => ctx.log.error('outbox relay failed', err));
  }, relayIntervalMs);

  const schedule = () =>
    Promise.all([scheduleReminders(ctx.config, ctx.services), scheduleMonthlyReports(ctx.config, ctx.services)])
      .then(([reminders, reports]) => {
        if (reminders !== null) ctx.log.info(`daily reminders planned for ${reminders} influencer${reminders === 1 ? '' : 's'}`);
        if (reports !== null) ctx.log.info(`monthly reports planned for ${reports} sponsor${reports === 1 ? '' : 's'}`);
      })
      .catch((err) => ctx.log.error('scheduling failed', err));
  const scheduler = scheduling ? setInterval(schedule, 60_000) : undefined;
  if (scheduling) void schedule();

  return {
    async relay() {
      await connecting;
      return relay();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      clearInterval(scheduler);
      clearTimeout(reconnect);
      await connecting;
      await running?.catch(() => undefined);
      if (queues) await Promise.all([closeQueues(queues.consumers), closeQueues(queues.producers)]);
      if (!mailer) mail.close();
    },
  };
}
