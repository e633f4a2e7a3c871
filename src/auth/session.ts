// Who is signed in: a JWT in an HttpOnly, SameSite=Lax cookie, checked by passport-jwt.
// The token carries the account's token version; bumping it (logout, password change,
// suspension) makes every earlier token worthless.
import type { Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { Passport } from 'passport';
import { Strategy as JwtStrategy } from 'passport-jwt';
import type { AppContext } from '../context';
import type { Role } from '../domain';
import type { SessionUser } from '../services/users';

export const SESSION_COOKIE = 'session';

interface TokenClaims {
  sub: string;
  tv: number;
}

function cookieOptions(req: Request, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/', maxAge: maxAgeMs };
}

export function issueSession(
  ctx: AppContext,
  req: Request,
  res: Response,
  user: { id: number; role: Role; tokenVersion: number },
): void {
  const claims: TokenClaims = { sub: String(user.id), tv: user.tokenVersion };
  const token = jwt.sign(claims, ctx.config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: ctx.config.sessionTtlSeconds,
  });
  res.cookie(SESSION_COOKIE, token, cookieOptions(req, ctx.config.sessionTtlSeconds * 1000));
}

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** Sets `req.user` when the cookie holds a valid, unrevoked token; never rejects by itself. */
export function authenticate(ctx: AppContext): RequestHandler {
  const passport = new Passport();
  passport.use(
    new JwtStrategy(
      {
        jwtFromRequest: (req: Request) => {
          const token: unknown = req.cookies?.[SESSION_COOKIE];
          return typeof token === 'string' && token !== '' ? token : null;
        },
        secretOrKey: ctx.config.jwtSecret,
        algorithms: ['HS256'],
      },
      (claims: TokenClaims, done: (err: unknown, user?: SessionUser | false) => void) => {
        const id = Number(claims.sub);
        if (!Number.isSafeInteger(id)) return done(null, false);
        ctx.services.users.findSessionUser(id).then((user) => {
          const valid = user && user.tokenVersion === claims.tv && user.status !== 'suspended';
          done(null, valid ? user : false);
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
    if (!req.cookies?.[SESSION_COOKIE]) return next();
    const user = await check(req, res);
    if (!user) {
      clearSession(req, res);
      return next();
    }
    req.user = user;
    await ctx.services.users.recordVisit(user);
    next();
  };
}
