// One-time messages that survive the redirect after a form post (POST → 303 → GET).
import type { RequestHandler, Response } from 'express';
import { wantsFragment } from './htmx';

export type FlashKind = 'success' | 'error' | 'info';
const COOKIE = 'flash';

export function flash(res: Response, kind: FlashKind, text: string): void {
  res.cookie(COOKIE, JSON.stringify({ kind, text }), { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60_000 });
}

/** Moves a pending flash message into the page being rendered, once. */
export const takeFlash: RequestHandler = (req, res, next) => {
  const raw: unknown = req.cookies?.[COOKIE];
  // Only a full page shows it; a fragment swap leaves it for the next page.
  if (typeof raw === 'string' && req.method === 'GET' && !wantsFragment(req)) {
    res.clearCookie(COOKIE, { path: '/' });
    try {
      const parsed = JSON.parse(raw) as { kind?: unknown; text?: unknown };
      if (['success', 'error', 'info'].includes(parsed.kind as string) && typeof parsed.text === 'string') {
        res.locals.flash = { kind: parsed.kind, text: parsed.text.slice(0, 500) };
      }
    } catch {
      /* a mangled cookie is simply dropped */
    }
  }
  next();
};
