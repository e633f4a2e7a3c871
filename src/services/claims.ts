// Claims that make periodic work happen once however many workers run it: a planning round per
// period (`scheduler_runs`), and an email per account per period (`send_claims`).
import { type Db, now } from '../db';

/** What a send-once claim is for: the daily reminder, the monthly report, a collaboration event's email (period: the event id). */
export type SendKind = 'reminder' | 'monthly-report' | 'collaboration';

export function claimsService(db: Db) {
  return {
    /**
     * Plans `kind` for `period` (e.g. reminders for 2026-11-25) once, however many workers ask:
     * how many jobs `plan` recorded, or null when the period was planned already. The period is
     * claimed after planning, not before: a plan cut short (a crash) is made again next time, and
     * two workers planning at once record nothing twice, since `plan` records each job by key.
     */
    async planOnce(kind: string, period: string, plan: () => Promise<number>): Promise<number | null> {
      if (await db('scheduler_runs').where({ kind, period }).first('kind')) return null;
      const planned = await plan();
      const claimed = await db('scheduler_runs').insert({ kind, period, created_at: now() }).onConflict(['kind', 'period']).ignore().returning('kind');
      return claimed.length > 0 ? planned : null;
    },

    /**
     * Sends `kind` to the account for `period` once: claims it first, and gives the claim back when
     * the send fails so that the job's retry sends it.
     */
    async sendOnce(kind: SendKind, userId: number, period: string, send: () => Promise<void>): Promise<'sent' | 'already-sent'> {
      const inserted = await db('send_claims').insert({ kind, user_id: userId, period, claimed_at: now() }).onConflict(['kind', 'user_id', 'period']).ignore().returning('kind');
      if (inserted.length === 0) return 'already-sent';
      try {
        await send();
        return 'sent';
      } catch (err) {
        await db('send_claims').where({ kind, user_id: userId, period }).del();
        throw err;
      }
    },
  };
}
