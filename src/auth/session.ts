// Who is signed in: a JWT in an HttpOnly, SameSite=Lax cookie, checked by passport-jwt.
// The token carries the account's token version; bumping it (logout, password change,
// suspension) makes every earlier token worthless.
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { Passport } from 'passport';
import { Strategy as JwtStrategy } from 'passport-jwt';
import type { AppContext } from '../context';
import { type Role, sessionHolds } from '../domain';
import type { SessionUser } from '../services/sessions';
import { cookieName, cookieOptions, rawCookie } from '../web/cookies';

const SESSION_COOKIE = 'session';

interface TokenClaims {
  sub: string;
  tv: number;
}

const keys = new Map<string, KeyObject>();
/**
 * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to
 * parse it as a public key on every sign and verify, which cost more than the rest of a request.
 */
function signingKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}

export function issueSession(
  ctx: AppContext,
  req: Request,
  res: Response,
  user: { id: number; role: Role; tokenVersion: number },
): void {
  const claims: TokenClaims = { sub: String(user.id), tv: user.tokenVersion };
  const token = jwt.sign(claims, signingKey(ctx.config.jwtSecret), {
    algorithm: 'HS256',
    expiresIn: ctx.config.sessionTtlSeconds,
  });
  res.cookie(cookieName(req, SESSION_COOKIE), token, cookieOptions(req, ctx.config.sessionTtlSeconds * 1000));
}

/**
 * The account id and token version the request's session cookie claims, when its signature and
 * expiry hold; whether they are still current is for the caller to check against the database.
 * For routes that answer before the full middleware stack (the chat poll).
 */
export function sessionClaims(ctx: AppContext, req: Request): { id: number; tokenVersion: number } | null {
  const token = rawCookie(req, cookieName(req, SESSION_COOKIE));
  if (!token) return null;
  // A token verified once is remembered until it expires (the poll sends the same one every 3 s).
  const key = signingKey(ctx.config.jwtSecret);
  let verified = verifiedTokens.get(key);
  if (!verified) verifiedTokens.set(key, (verified = new Map()));
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known;
  try {
    const claims = jwt.verify(token, key, { algorithms: ['HS256'] }) as TokenClaims & { exp: number };
    const id = Number(claims.sub);
    if (!Number.isSafeInteger(id) || !Number.isInteger(claims.tv)) return null;
    if (verified.size >= 10_000) verified.clear();
    const entry = { id, tokenVersion: claims.tv, expiresAt: claims.exp * 1000 };
    verified.set(token, entry);
    return entry;
  } catch {
    return null;
  }
}
const verifiedTokens = new WeakMap<KeyObject, Map<string, { id: number; tokenVersion: number; expiresAt: number }>>();

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(cookieName(req, SESSION_COOKIE), cookieOptions(req));
}

/** Sets `req.user` when the cookie holds a valid, unrevoked token; never rejects by itself. */
export function authenticate(ctx: AppContext): RequestHandler {
  const passport = new Passport();
  passport.use(
    new JwtStrategy(
      {
        jwtFromRequest: (req: Request) => {
          const token: unknown = req.cookies?.[cookieName(req, SESSION_COOKIE)];
          return typeof token === 'string' && token !== '' ? token : null;
        },
        // passport-jwt hands the key to jsonwebtoken as it is; its types only know strings.
        secretOrKey: signingKey(ctx.config.jwtSecret) as unknown as string,
        algorithms: ['HS256'],
      },
      (claims: TokenClaims, done: (err: unknown, user?: SessionUser | false) => void) => {
        const id = Number(claims.sub);
        if (!Number.isSafeInteger(id)) return done(null, false);
        ctx.services.sessions.findSessionUser(id).then((user) => {
          done(null, user && sessionHolds(user, claims.tv) ? user : false);
        }, done);
      },
    ),
  );
  const check = (req: Request, res: Response) =>
    new Promise<SessionUser | false>((resolve, reject) => {
      passport.authenticate('jwt', { session: false }, (err: unknown, user: SessionUser | false) =>
        err ? reject(err) : resolve(user),
      )(req, res, () => undefined);
    });

  return async (req, res, next) => {
    if (!req.cookies?.[cookieName(req, SESSION_COOKIE)]) return next();
    const user = await check(req, res);
    if (!user) {
      clearSession(req, res);
      return next();
    }
    req.user = user;
    await ctx.services.sessions.recordVisit(user);
    next();
  };
}
