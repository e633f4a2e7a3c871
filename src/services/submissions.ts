// One write per submit (see migrations/…_form_submissions): claim a form's one-time key before
// doing its work, record how the work was answered, and tell a repeat how to answer the same.
import { type Db, isUniqueViolation, now } from '../db';

export interface Submission {
  scope: string;
  path: string;
  key: string;
}

export interface Answer {
  location: string;
  cookies: string[];
}

const DAY = 86_400_000;
/** Old rows are deleted every this many claims (by this process). */
const PRUNE_EVERY = 500;

export function submissionsService(db: Db) {
  let claims = 0;
  return {
    /** True for the first request with this key, however many arrive at once. */
    async claim(s: Submission): Promise<boolean> {
      claims += 1;
      if (claims % PRUNE_EVERY === 0) await db('form_submissions').where('created_at', '<', now() - DAY).delete();
      try {
        await db('form_submissions').insert({ ...s, created_at: now() });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },

    /** The first request sent the browser to `location`: a repeat is answered alike. */
    async answer(s: Submission, answer: Answer): Promise<void> {
      await db('form_submissions').where(s).update({ location: answer.location, cookies: JSON.stringify(answer.cookies) });
    },

    /** The first request was refused (the form was wrong) or answered in place: the key may be used again. */
    async release(s: Submission): Promise<void> {
      await db('form_submissions').where(s).whereNull('location').delete();
    },

    /**
     * How the first request with this key was answered, waiting up to `waitMs` while it is still at
     * work: an answer, 'released' (it was refused, so this one may try), or 'busy'.
     */
    async answerOf(s: Submission, waitMs = 5000): Promise<Answer | 'released' | 'busy'> {
      const end = Date.now() + waitMs;
      for (;;) {
        const row = await db('form_submissions').where(s).first('location', 'cookies');
        if (!row) return 'released';
        if (row.location) return { location: row.location, cookies: JSON.parse(row.cookies ?? '[]') as string[] };
        if (Date.now() >= end) return 'busy';
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
