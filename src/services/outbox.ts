// The transactional outbox: background work is recorded in the same transaction as the action that
// asks for it, and a relay in the worker moves it to the queue when Redis is reachable.
import type { Knex } from 'knex';
import { type Db, now, yieldToEventLoop } from '../db';

/** Each queue and the payload its jobs carry (the job registry, src/jobs/registry.ts, handles them). */
export interface JobPayloads {
  exports: { exportId: number };
  reminders: { influencerId: number; day: string };
  reports: { sponsorId: number; month: string };
  collaborations: { eventId: number };
  resets: { resetId: number };
}
export type QueueName = keyof JobPayloads;
export const QUEUES = ['exports', 'reminders', 'reports', 'collaborations', 'resets'] as const satisfies readonly QueueName[];

export interface OutboxRow {
  id: number;
  queue: QueueName;
  payload: unknown;
  attempts: number;
}

/** Records work for `queue` inside the caller's transaction. */
export async function enqueue<Q extends QueueName>(trx: Knex | Knex.Transaction, queue: Q, payload: JobPayloads[Q], dedupeKey?: string): Promise<void> {
  await trx('job_outbox')
    .insert({ queue, payload: JSON.stringify(payload), dedupe_key: dedupeKey ?? null, status: 'pending', created_at: now() })
    .onConflict('dedupe_key')
    .ignore();
}

/** Rows a plan records in one statement: each a short write, so other processes' writes wait little. */
const PLAN_CHUNK = 200;

/**
 * Records one job per entry, PLAN_CHUNK at a time, each chunk a statement of its own with a pause
 * between (the lock is let go): a plan over every account never holds the database for long.
 * Idempotent by dedupe key, so a plan cut short (a crash) is simply made again.
 */
export async function enqueueMany<Q extends QueueName>(db: Knex, queue: Q, jobs: readonly { payload: JobPayloads[Q]; key: string }[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += PLAN_CHUNK) {
    const at = now();
    const rows = jobs.slice(i, i + PLAN_CHUNK).map((j) => ({ queue, payload: JSON.stringify(j.payload), dedupe_key: j.key, status: 'pending', created_at: at }));
    await db('job_outbox').insert(rows).onConflict('dedupe_key').ignore();
    await yieldToEventLoop();
  }
}

export function outboxService(db: Db) {
  return {
    /**
     * Rows to send: those never sent, and those sent `resendAfterMs` ago or more whose job has not
     * finished (Redis keeps nothing on disk, so a restart loses what it held). Sending one again is
     * safe: the job id is the row's, and every job is idempotent. Rows older than a day are let go.
     */
    async pending(resendAfterMs: number, limit = 100): Promise<OutboxRow[]> {
      const at = now();
      const rows = await db('job_outbox')
        .select('id', 'queue', 'payload', 'attempts')
        .where({ status: 'pending' })
        .orWhere((w) => w.where({ status: 'sent' }).whereNull('done_at').where('sent_at', '<=', at - resendAfterMs).where('created_at', '>', at - 86_400_000))
        .orderBy('id')
        .limit(limit);
      return rows.map((r) => ({ id: r.id, queue: r.queue, payload: JSON.parse(r.payload), attempts: r.attempts }));
    },
    async markSent(id: number): Promise<void> {
      await db('job_outbox').where({ id }).update({ status: 'sent', sent_at: now(), last_error: null });
    },
    /** The job finished (or failed for good): the row is not sent again. */
    async markDone(id: number): Promise<void> {
      await db('job_outbox').where({ id }).update({ done_at: now() });
    },
    /** The queue could not be reached: the row stays pending and is tried again. */
    async markAttempt(id: number, error: string): Promise<void> {
      await db('job_outbox').where({ id }).increment('attempts', 1).update({ last_error: error.slice(0, 1000) });
    },
    async countPending(): Promise<number> {
      return Number((await db('job_outbox').where({ status: 'pending' }).count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
    },
  };
}
