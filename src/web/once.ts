// One write per submit. Every form carries a one-time key (`_once`, made with the CSRF field); the
// first POST with it does the work, and a repeat (a double click, a flaky connection retrying) or a
// concurrent copy does nothing and is answered as the first was: the same redirect and flash
// message. Never a credential: a replayed sign-up or login gets the redirect without the session
// cookie the first answer set (whoever replays a stored form must not be handed a session).
// A form that was refused frees its key.
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { Conflict } from '../errors';
import type { Submission } from '../services/submissions';
import { field } from '../validation/form';
import { cookieName } from './cookies';
import { redirect } from './htmx';

export const ONCE_FIELD = '_once';
const KEY = /^[A-Za-z0-9_-]{16}$/;

/** After CSRF protection: only this browser's own pages can carry a key for its scope. */
export function oncePerSubmission(ctx: AppContext): RequestHandler {
  const submissions = ctx.services.submissions;
  return async (req, res, next) => {
    const key = req.method === 'POST' ? field(req.body, ONCE_FIELD) : undefined;
    if (!key || !KEY.test(key)) return next();
    const visit: unknown = req.cookies?.[cookieName(req, 'csrf')];
    const scope = req.user ? `user:${req.user.id}` : `visit:${String(visit)}`;
    const submission: Submission = { scope, path: req.path.slice(0, 500), key };

    if (!(await submissions.claim(submission))) {
      const answer = await submissions.answerOf(submission);
      if (answer === 'busy') throw new Conflict('This form is still being sent. Wait a moment, then reload the page to see whether it went through.');
      if (answer !== 'released') {
        for (const cookie of answer.cookies) res.append('Set-Cookie', cookie);
        return redirect(req, res, answer.location);
      }
      // The first was refused: this one is a try of its own.
      if (!(await submissions.claim(submission))) throw new Conflict('This form is still being sent. Wait a moment, then reload the page.');
    }

    // Recorded as the answer is sent (even to a browser that has gone: its retry gets the same).
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof res.end>) => {
      const location = res.statusCode < 400 ? (res.get('HX-Redirect') ?? res.get('Location')) : undefined;
      const setCookie = res.getHeader('Set-Cookie');
      const flash = `${cookieName(req, 'flash')}=`;
      const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []).filter((c) => c.startsWith(flash));
      const settled = location ? submissions.answer(submission, { location, cookies }) : submissions.release(submission);
      settled.catch((err: unknown) => ctx.log.error('recording a form submission failed', err));
      return end(...args);
    }) as typeof res.end;
    next();
  };
}
