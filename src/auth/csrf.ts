// CSRF protection, signed double-submit: a random value in an HttpOnly cookie, and forms (hidden
// `_csrf`) or htmx (the `X-CSRF-Token` header, read from <meta name="csrf-token">) send back its
// HMAC. Another site can make the browser send the cookie but cannot read the page to learn the token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '../errors';
import { field } from '../validation/form';

const COOKIE = 'csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenFor(secret: string, seed: string): string {
  return createHmac('sha256', secret).update(`csrf:${seed}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfProtection(secret: string): RequestHandler {
  return (req, res, next) => {
    let seed: unknown = req.cookies?.[COOKIE];
    const known = typeof seed === 'string' && /^[A-Za-z0-9_-]{32}$/.test(seed);
    if (!known) {
      seed = randomBytes(24).toString('base64url');
      res.cookie(COOKIE, seed, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    }
    const token = tokenFor(secret, seed as string);
    res.locals.csrfToken = token;
    // Every form's hidden field, made once a request (a base64url token needs no escaping).
    res.locals.csrfField = `<input type="hidden" name="_csrf" value="${token}">`;
    if (SAFE_METHODS.has(req.method)) return next();
    const sent = req.get('x-csrf-token') ?? field(req.body, '_csrf');
    if (known && sent && same(sent, token)) return next();
    next(new HttpError(403, 'This form has expired or did not come from this site. Reload the page and try again.'));
  };
}
