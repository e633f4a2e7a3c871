// The job registry: every queue, the payload its jobs carry (JobPayloads, where the work is
// recorded), how many run at once per worker, what runs them, and what happens when one fails for
// good. A new job is one entry here, one payload type, and an `enqueue` in the service that asks.
import type { AppContext } from '../context';
import type { Mailer } from '../mail';
import type { JobPayloads, QueueName } from '../services/outbox';
import { processCollaborationEmail } from './collaborationEmails';
import { processCsvExport } from './csvExport';
import { processMonthlyReport } from './monthlyReport';
import { processPasswordReset } from './passwordResetEmails';
import { processReminder } from './reminders';

/** What a job's handler may use. */
export type JobDeps = Pick<AppContext, 'config' | 'services' | 'log'> & { mailer: Mailer };

export interface JobDefinition<Q extends QueueName> {
  concurrency: number;
  /** Runs one job; idempotent, as bee-queue delivers at least once. Returns how it ended. */
  run(deps: JobDeps, payload: JobPayloads[Q]): Promise<string>;
  /** Once the retries are spent. */
  failed?(deps: JobDeps, payload: JobPayloads[Q], err: Error): Promise<void>;
}

export const JOBS: { [Q in QueueName]: JobDefinition<Q> } = {
  exports: {
    concurrency: 2,
    run: (deps, { exportId }) => processCsvExport(deps, exportId),
    failed: async (deps, { exportId }, err) => {
      await deps.services.exports.setStatus(exportId, 'failed', { error: err.message });
    },
  },
  reminders: {
    concurrency: 4,
    run: (deps, { influencerId, day }) => processReminder(deps, influencerId, day),
  },
  reports: {
    concurrency: 2,
    run: (deps, { sponsorId, month }) => processMonthlyReport(deps, sponsorId, month),
  },
  collaborations: {
    concurrency: 4,
    run: (deps, { eventId }) => processCollaborationEmail(deps, eventId),
  },
  resets: {
    concurrency: 4,
    run: (deps, { resetId }) => processPasswordReset(deps, resetId),
  },
};
