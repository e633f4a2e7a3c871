// Sessions: who a login opens, who a session cookie belongs to, revoking every session, visits.
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords';
import { checkPasswordLimited, createLoginLimits, type LoginLimits } from '../auth/rateLimit';
import { record, type Store } from '../changes';
import { hotRow, now } from '../db';
import type { AccountStatus, Role } from '../domain';
import { Forbidden } from '../errors';
import { identityOf, type Origin, type UserRow } from './users';

/** What a request knows about who is signed in. */
export interface SessionUser {
  id: number;
  role: Role;
  username: string;
  status: AccountStatus;
  tokenVersion: number;
  lastVisitAt: number | null;
  /** A sponsor's finished CSV exports it has not been told about yet. */
  exportNotices: number;
}

/** Who a session belongs to, and whether a finished export waits to be announced to them. */
export const SESSION_USER_SQL = `select id, role, username, status, token_version, last_visit_at,
  (select count(*) from exports e where e.sponsor_id = u.id and e.status = 'ready' and e.seen_at is null) as export_notices
  from users u where u.id = ?`;

/** Only record a visit this often, so that browsing does not write on every request. */
const VISIT_RESOLUTION_MS = 5 * 60 * 1000;

export function sessionsService(store: Store, limits: LoginLimits = createLoginLimits(store.db)) {
  const { db } = store;
  return {
    /** The account a login name refers to: usernames and emails are stored lower-case. */
    /**
     * The account these credentials open, or null when they are wrong (a missing account costs a
     * hash check too, so timing tells nothing). A suspended account is Forbidden, with the reason.
     * Failures count per address and per account (username and email alike): over either limit,
     * TooManyAttempts, without checking.
     */
    async authenticate(login: string, password: string, from: Origin): Promise<UserRow | null> {
      const user = await this.findForLogin(login);
      const account = user ? `id:${user.id}` : `name:${login.trim().toLowerCase()}`;
      const passwordOk = await checkPasswordLimited(limits, { address: from.address, account, field: 'password', what: 'login attempts' }, () =>
        user ? verifyPassword(user.password_hash, password) : verifyAgainstDummy(password),
      );
      if (!user || !passwordOk) return null;
      if (user.status === 'suspended') throw new Forbidden(`This account is suspended.${user.status_reason ? ` Reason: ${user.status_reason}` : ''}`);
      return user;
    },

    async findForLogin(login: string): Promise<UserRow | undefined> {
      const key = login.trim().toLowerCase();
      const column = key.includes('@') ? 'email' : 'username';
      return db<UserRow>('users').where(column, key).first();
    },

    /** Who a session cookie belongs to: asked on every request, so one prepared statement. */
    async findSessionUser(id: number): Promise<SessionUser | undefined> {
      const row = await hotRow<UserRow & { export_notices: number }>(
        db,
        SESSION_USER_SQL,
        [id],
      );
      if (!row) return undefined;
      return {
        ...identityOf(row),
        tokenVersion: row.token_version,
        lastVisitAt: row.last_visit_at === null ? null : Number(row.last_visit_at),
        exportNotices: Number(row.export_notices),
      };
    },

    /** Revokes every token issued to this account so far (logout, password change). */
    async revokeSessions(id: number): Promise<number> {
      await store.write(async (trx) => {
        await trx('users').where({ id }).increment('token_version', 1).update({ updated_at: now() });
        record(trx, { kind: 'signed-out', userId: id });
      });
      const row = await db<UserRow>('users').select('token_version').where({ id }).first();
      return row?.token_version ?? 0;
    },

    /** Records that the account was seen now, at most once per few minutes. */
    async recordVisit(user: SessionUser, at = now()): Promise<void> {
      if (user.lastVisitAt !== null && at - user.lastVisitAt < VISIT_RESOLUTION_MS) return;
      await db('users').where({ id: user.id }).update({ last_visit_at: at });
    },
  };
}

export type SessionsService = ReturnType<typeof sessionsService>;
