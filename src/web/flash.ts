// One-time messages that survive the redirect after a form post (POST → 303 → GET).
import type { RequestHandler, Response } from 'express';
import { cookieName, cookieOptions } from './cookies';
import { wantsFragment } from './htmx';

export type FlashKind = 'success' | 'error' | 'info';

export function flash(res: Response, kind: FlashKind, text: string): void {
  res.cookie(cookieName(res.req, 'flash'), JSON.stringify({ kind, text }), cookieOptions(res.req, 60_000));
}

/** Moves a pending flash message into the page being rendered, once. */
export const takeFlash: RequestHandler = (req, res, next) => {
  const raw: unknown = req.cookies?.[cookieName(req, 'flash')];
  // Only a full page shows it; a fragment swap leaves it for the next page.
  if (typeof raw === 'string' && req.method === 'GET' && !wantsFragment(req)) {
    res.clearCookie(cookieName(req, 'flash'), cookieOptions(req));
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
