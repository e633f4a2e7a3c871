// CSRF protection, signed double-submit: a random value in an HttpOnly cookie, and forms (hidden
// `_csrf`) or htmx (the `X-CSRF-Token` header, read from <meta name="csrf-token">) send back its
// HMAC. Another site can make the browser send the cookie but cannot read the page to learn the token.
// The HMAC covers the session cookie too: a token is good only for the session it was shown to, so
// a csrf cookie and token taken from one visit (or planted by a sibling subdomain) are worthless
// beside another person's session, and logging in or out makes earlier forms expire.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '../errors';
import { field } from '../validation/form';
import { cookieName, cookieOptions } from '../web/cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenFor(secret: string, seed: string, session: string): string {
  return createHmac('sha256', secret).update(`csrf:${seed}:${session}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** After `authenticate`: the session it accepted (none when it refused the cookie). */
export function csrfProtection(secret: string): RequestHandler {
  return (req, res, next) => {
    let seed: unknown = req.cookies?.[cookieName(req, 'csrf')];
    const known = typeof seed === 'string' && /^[A-Za-z0-9_-]{32}$/.test(seed);
    if (!known) {
      seed = randomBytes(24).toString('base64url');
      res.cookie(cookieName(req, 'csrf'), seed, cookieOptions(req));
    }
    const session: unknown = req.user ? req.cookies?.[cookieName(req, 'session')] : '';
    const token = tokenFor(secret, seed as string, typeof session === 'string' ? session : '');
    res.locals.csrfToken = token;
    // Every form's hidden field, made once a request (a base64url token needs no escaping).
    res.locals.csrfField = `<input type="hidden" name="_csrf" value="${token}">`;
    // And the one-time submission key of forms that create something (web/once.ts): only those
    // carry it, so that other pages stay the same from one request to the next (and revalidate).
    res.locals.onceField = `<input type="hidden" name="_once" value="${randomBytes(12).toString('base64url')}">`;
    // htmx keeps the page's <head> on a boosted swap: it learns the token of the new session here.
    if (req.get('HX-Request') === 'true') res.set('X-CSRF-Token', token);
    if (SAFE_METHODS.has(req.method)) return next();
    // A form's own field, or the header htmx adds from the page's meta tag.
    const sent = [field(req.body, '_csrf'), req.get('x-csrf-token')];
    if (known && sent.some((s) => s && same(s, token))) return next();
    next(new HttpError(403, 'This form has expired or did not come from this site. Reload the page and try again.'));
  };
}
