// Every cookie we set, named and flagged in one place. When the site is reached over HTTPS
// (PUBLIC_URL starts with https, or the request itself came over TLS) cookies are Secure, and
// with an https PUBLIC_URL they carry the `__Host-` prefix: the browser then only accepts them
// from this exact host over HTTPS, so a sibling subdomain cannot plant one.
import type { Application, CookieOptions, Request, RequestHandler } from 'express';

const SECURE_SETTING = 'secure cookies';

/** Says, once per app, whether the site's public address is https. */
export function useSecureCookies(app: Application, publicUrl: string): void {
  app.set(SECURE_SETTING, publicUrl.startsWith('https:'));
}

function alwaysSecure(req: Request): boolean {
  return req.app.get(SECURE_SETTING) === true;
}

/** The name cookie `name` goes by on this site. */
export function cookieName(req: Request, name: 'session' | 'csrf' | 'flash' | 'css'): string {
  return alwaysSecure(req) ? `__Host-${name}` : name;
}

/** HttpOnly, SameSite=Lax, the whole site, Secure as above. */
export function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: alwaysSecure(req) || req.secure, path: '/', maxAge: maxAgeMs };
}

/** A cookie's value straight from the header, for routes that answer before the cookie parser. */
export function rawCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The stylesheet goes inline into the first page of a visit, which then paints after one round
 * trip; the `css` cookie (the stylesheet's version) says it was, and later pages link it instead
 * (fetched once, then cached for a year).
 */
export function firstPaintStyles(style: { css: string; version: string }): RequestHandler {
  const YEAR_MS = 365 * 24 * 3600 * 1000;
  return (req, res, next) => {
    const name = cookieName(req, 'css');
    if (req.method === 'GET' && req.get('HX-Request') !== 'true' && req.cookies?.[name] !== style.version) {
      res.locals.inlineCss = style.css;
      // Said by the page that carries it, not by a redirect or a download on the way to one.
      const render = res.render.bind(res) as (...args: unknown[]) => void;
      res.render = ((...args: unknown[]) => {
        res.cookie(name, style.version, cookieOptions(req, YEAR_MS));
        render(...args);
      }) as typeof res.render;
    }
    next();
  };
}
