// The outbox relay: moves recorded work to bee-queue. The job id is the outbox row's, so a row sent
// twice (two workers, or a crash before it was marked) is still one job. While Redis is away the
// rows wait in the database and are tried again. A row stays "sent" until its job finishes; one sent
// long ago and not finished (lost with a Redis restart) is sent again.
import type { Logger } from '../logger';
import { withTimeout } from '../redis';
import type { Services } from '../services';
import type { Queues } from './queues';

const SAVE_TIMEOUT_MS = 3000;

/**
 * Sends every pending outbox row, and again those sent `resendAfterMs` ago whose job never finished
 * (config.outboxResendSeconds); returns how many reached the queue.
 */
export async function relayOnce(services: Services, queues: Queues, log: Logger, resendAfterMs: number): Promise<number> {
  let sent = 0;
  for (const row of await services.outbox.pending(resendAfterMs)) {
    try {
      await withTimeout(
        queues[row.queue]
          .createJob(row.payload as object)
          .setId(`outbox-${row.id}`)
          .retries(3)
          .backoff('exponential', 1000)
          .save(),
        SAVE_TIMEOUT_MS,
      );
      await services.outbox.markSent(row.id);
      sent += 1;
    } catch (err) {
      await services.outbox.markAttempt(row.id, (err as Error).message);
      if (row.attempts === 0) log.warn(`outbox ${row.id} waits for the queue: ${(err as Error).message}`);
      break; // The queue is unreachable: leave the rest for the next round.
    }
  }
  return sent;
}

/** The outbox row a job came from (its id is `outbox-<row>`), or null for a job made elsewhere. */
export function outboxRowOf(jobId: string | number): number | null {
  const match = /^outbox-(\d+)$/.exec(String(jobId));
  return match ? Number(match[1]) : null;
}
