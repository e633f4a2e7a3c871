// Waiting for something a background process does (a job, an email): poll until it holds.
import type { Knex } from 'knex';

/** Resolves with the first truthy value `check` gives, polling every 100 ms; fails after `ms`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until every job the outbox of `db` holds has finished: nothing more will be sent, so what
 * was sent "once" can be counted (instead of sleeping and hoping nothing else comes).
 */
export async function drained(db: Knex, ms = 10_000): Promise<void> {
  await until('every job to finish', async () => Number((await db('job_outbox').whereNull('done_at').count({ n: '*' }).first())?.n ?? 0) === 0, ms);
}
