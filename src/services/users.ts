// Accounts: sign-up, credentials, sessions' revocation, profiles, and the admin's moderation
// (approve, reject, suspend, restore, delete) with its rules.
import type { Knex } from 'knex';
import { hashPassword, passwordWeakness, verifyAgainstDummy, verifyPassword } from '../auth/passwords';
import { checkPasswordLimited, countSignup, createLoginLimits, type LoginLimits } from '../auth/rateLimit';
import { type Db, hotRow, isUniqueViolation, now } from '../db';
import { type AccountStatus, needsApproval, requireReason, type Role, SUSPENDABLE_ROLES, type Viewer } from '../domain';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { type Actor, recordAudit } from './audit';
import { BEING_DELETED, type DeletionsService, deletionsService, markForDeletion, purgedInTime } from './deletions';

export interface UserRow {
  id: number;
  role: Role;
  username: string;
  email: string;
  phone: string;
  password_hash: string;
  token_version: number;
  status: AccountStatus;
  status_reason: string | null;
  approved_at: number | null;
  last_visit_at: number | null;
  created_at: number;
  updated_at: number;
}

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

/** An account as its owner and the admin see it: details plus the role's profile. */
export interface Account {
  id: number;
  role: Role;
  username: string;
  email: string;
  phone: string;
  status: AccountStatus;
  statusReason: string | null;
  createdAt: number;
  lastVisitAt: number | null;
  industry: string | null;
  category: string | null;
  niche: string | null;
  followerCount: number;
}

export interface NewAccount {
  role: Role;
  username: string;
  email: string;
  phone: string;
  passwordHash: string;
  industry?: string;
  category?: string;
  niche?: string;
}

const TAKEN = {
  username: 'That username is taken. Try another.',
  email: 'An account with that email already exists. Log in instead?',
};

/** A profile form, cleaned: the role's fields, and a new password with the current one to prove it. */
export interface ProfileChanges {
  username: string;
  phone: string;
  industry?: string;
  category?: string;
  niche?: string;
  currentPassword: string;
  newPassword: string;
}

/** What the admin may do to an account (admins are never moderated). */
export interface Moderation {
  delete: boolean;
  suspend: boolean;
  restore: boolean;
  approve: boolean;
  reject: boolean;
}

/**
 * What the admin's lists offer for an account: a sponsor awaiting approval is approved or turned
 * down (a turned-down one can still be approved), an active one suspended, a suspended one restored.
 */
export function moderation(account: Pick<Account, 'role' | 'status'> & { statusReason?: string | null }): Moderation {
  // An account being deleted (suspended until its purge ends) is past restoring.
  const suspendable = SUSPENDABLE_ROLES.includes(account.role) && account.statusReason !== BEING_DELETED;
  const vetting = account.role === 'sponsor' && (account.status === 'pending' || account.status === 'rejected');
  return {
    delete: account.role !== 'admin',
    suspend: suspendable && account.status === 'active',
    restore: suspendable && account.status === 'suspended',
    approve: vetting,
    reject: vetting && account.status === 'pending',
  };
}

const NOT_FOR_ADMINS = 'Admin accounts cannot be deleted or suspended here.';

/**
 * The one check behind every moderation action: what the admin's lists offer (`moderation`) is
 * what the action allows. Forbidden for an admin's account, else Conflict saying why not.
 */
function assertModeration(account: Account, action: keyof Moderation): void {
  if (account.role === 'admin') throw new Forbidden(NOT_FOR_ADMINS);
  if (moderation(account)[action]) return;
  const who = account.username;
  if (account.statusReason === BEING_DELETED) throw new Conflict(`${who} is being deleted.`);
  if (action === 'approve' || action === 'reject') throw new Conflict(`${who} is not a sponsor awaiting approval.`);
  if (!SUSPENDABLE_ROLES.includes(account.role)) throw new Conflict('Only influencers and sponsors can be suspended.');
  if (action === 'restore') throw new Conflict(`${who} is not suspended.`);
  if (account.status === 'suspended') throw new Conflict(`${who} is already suspended.`);
  throw new Conflict(`${who} awaits approval: approve the account or turn it down instead.`);
}

/** Who an account is, as every view of it starts. */
function identityOf(row: Pick<UserRow, 'id' | 'role' | 'username' | 'status'>) {
  return { id: row.id, role: row.role, username: row.username, status: row.status };
}

/** Every status but active: an account in one of these is out of every search (listed by name, so a new status must be placed). */
const INACTIVE = Object.keys({ pending: true, rejected: true, suspended: true } satisfies Record<Exclude<AccountStatus, 'active'>, true>);

/**
 * The ids of accounts that are not active: few, read off users(status, id). "Not among these"
 * keeps a count off the users table: joining every counted row to its account cost a lookup per
 * row on SQLite and a scan of every account on PostgreSQL.
 */
export function inactiveAccountIds(db: Db): Knex.QueryBuilder {
  return db('users').select('id').whereIn('status', INACTIVE);
}

export const ADMIN_PAGE_SIZE = 10;

/** Who a session belongs to, and whether a finished export waits to be announced to them. */
export const SESSION_USER_SQL = `select id, role, username, status, token_version, last_visit_at,
  (select count(*) from exports e where e.sponsor_id = u.id and e.status = 'ready' and e.seen_at is null) as export_notices
  from users u where u.id = ?`;

/** The columns an Account is read from: users (u) with its sponsor (sp) and influencer (ip) profile. */
const ACCOUNT_COLUMNS = [
  'u.id',
  'u.role',
  'u.username',
  'u.email',
  'u.phone',
  'u.status',
  'u.status_reason',
  'u.created_at',
  'u.last_visit_at',
  'sp.industry',
  'ip.category',
  'ip.niche',
  'ip.follower_count',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAccount(row: any): Account {
  return {
    ...identityOf(row),
    email: row.email,
    phone: row.phone,
    statusReason: row.status_reason,
    createdAt: Number(row.created_at),
    lastVisitAt: row.last_visit_at === null ? null : Number(row.last_visit_at),
    industry: row.industry ?? null,
    category: row.category ?? null,
    niche: row.niche ?? null,
    followerCount: Number(row.follower_count ?? 0),
  };
}

/** An account as the audit trail names it. */
const target = (account: Account) => ({ targetType: 'account' as const, targetId: account.id, targetLabel: `${account.username} (${account.role})` });

/** Only record a visit this often, so that browsing does not write on every request. */
const VISIT_RESOLUTION_MS = 5 * 60 * 1000;

/** Where a request came from, for the limits on password checks and sign-ups. */
export interface Origin {
  address: string;
}

export function usersService(db: Db, limits: LoginLimits = createLoginLimits(db), deletions: DeletionsService = deletionsService(db)) {
  /** {@link usersService.getAccount}'s SQL, built on first use. */
  let accountSql: string | undefined;
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

    async getAccount(id: number): Promise<Account | undefined> {
      // Behind every dashboard: built by knex once, then run as a hot query.
      accountSql ??= db('users as u')
        .leftJoin('sponsor_profiles as sp', 'sp.user_id', 'u.id')
        .leftJoin('influencer_profiles as ip', 'ip.user_id', 'u.id')
        .select(ACCOUNT_COLUMNS)
        .where('u.id', 0)
        .first()
        .toSQL().sql;
      const row = await hotRow<Record<string, unknown>>(db, accountSql, [id, 1]);
      return row && toAccount(row);
    },

    /** Which of these are already used by another account. */
    async taken(username: string, email: string, exceptId?: number): Promise<{ username: boolean; email: boolean }> {
      const rows: Pick<UserRow, 'username' | 'email'>[] = await db<UserRow>('users')
        .select('username', 'email')
        .where((q) => q.where('username', username.toLowerCase()).orWhere('email', email.toLowerCase()))
        .modify((q) => {
          if (exceptId !== undefined) q.whereNot('id', exceptId);
        });
      return {
        username: rows.some((r) => r.username === username.toLowerCase()),
        email: rows.some((r) => r.email === email.toLowerCase()),
      };
    },

    /** A new account from the sign-up form: a username and email no one has, the password hashed. */
    async signUp(input: Omit<NewAccount, 'passwordHash'> & { password: string }, from: Origin): Promise<number> {
      // Counted before anything is said about names in use, so the form cannot be used to list them.
      await countSignup(limits, from.address, 'username');
      const taken = await this.taken(input.username, input.email);
      if (taken.username || taken.email) {
        throw new Invalid({ ...(taken.username ? { username: TAKEN.username } : {}), ...(taken.email ? { email: TAKEN.email } : {}) });
      }
      const { password, ...account } = input;
      return this.create({ ...account, passwordHash: await hashPassword(password) });
    },

    /**
     * The viewer saves their profile: the username must be free, and a new password needs the
     * current one. Returns the token version now in force and whether the password changed.
     */
    async saveProfile(viewer: Viewer, changes: ProfileChanges, from: Origin): Promise<{ tokenVersion: number; passwordChanged: boolean }> {
      if ((await this.taken(changes.username, '', viewer.id)).username) throw new Invalid({ username: TAKEN.username });
      let passwordHash: string | undefined;
      if (changes.newPassword) {
        const stored = await db<UserRow>('users').select('password_hash', 'username', 'email').where({ id: viewer.id }).first();
        const current = stored?.password_hash;
        const weakness =
          passwordWeakness(changes.newPassword, { username: changes.username, email: stored?.email }) ??
          passwordWeakness(changes.newPassword, { username: stored?.username });
        if (weakness) throw new Invalid({ new_password: weakness });
        // Guesses at the current password count like failed logins (a stolen session cannot try many).
        const at = { address: from.address, account: `id:${viewer.id}`, field: 'current_password', what: 'password attempts' };
        if (!(await checkPasswordLimited(limits, at, async () => current !== undefined && verifyPassword(current, changes.currentPassword)))) {
          throw new Invalid({ current_password: 'That is not your current password.' });
        }
        passwordHash = await hashPassword(changes.newPassword);
      }
      const tokenVersion = await this.updateProfile(viewer.id, viewer.role, { ...changes, passwordHash });
      return { tokenVersion, passwordChanged: passwordHash !== undefined };
    },

    /**
     * Creates the account and its role's profile in one transaction. A new sponsor starts
     * pending approval; everyone else is active at once.
     */
    async create(input: NewAccount): Promise<number> {
      const at = now();
      try {
        return await db.transaction(async (trx) => {
          const [row] = await trx('users')
            .insert({
              role: input.role,
              username: input.username.toLowerCase(),
              email: input.email.toLowerCase(),
              phone: input.phone,
              password_hash: input.passwordHash,
              status: needsApproval(input.role) ? 'pending' : 'active',
              approved_at: needsApproval(input.role) ? null : at,
              created_at: at,
              updated_at: at,
            })
            .returning('id');
          const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
          if (input.role === 'sponsor') {
            await trx('sponsor_profiles').insert({ user_id: id, industry: input.industry ?? '' });
          } else if (input.role === 'influencer') {
            await trx('influencer_profiles').insert({
              user_id: id,
              category: input.category ?? 'Other',
              niche: input.niche ?? '',
            });
          }
          return id;
        });
      } catch (err) {
        // Another sign-up took the name or email between the check and the insert.
        if (isUniqueViolation(err)) throw new Invalid(/email/.test(String((err as Error).message)) ? { email: TAKEN.email } : { username: TAKEN.username });
        throw err;
      }
    },

    /**
     * Saves the profile form. A new password also bumps the token version, which logs out every
     * other browser; returns the token version now in force.
     */
    async updateProfile(
      id: number,
      role: Role,
      changes: { username: string; phone: string; industry?: string; category?: string; niche?: string; passwordHash?: string },
    ): Promise<number> {
      try {
        return await db.transaction(async (trx) => {
          await trx('users')
            .where({ id })
            .update({
              username: changes.username.toLowerCase(),
              phone: changes.phone,
              updated_at: now(),
              ...(changes.passwordHash ? { password_hash: changes.passwordHash, token_version: trx.raw('token_version + 1') } : {}),
            });
          if (role === 'sponsor') await trx('sponsor_profiles').where({ user_id: id }).update({ industry: changes.industry });
          if (role === 'influencer') {
            await trx('influencer_profiles').where({ user_id: id }).update({ category: changes.category, niche: changes.niche });
          }
          const row = await trx<UserRow>('users').select('token_version').where({ id }).first();
          return row!.token_version;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new Invalid({ username: TAKEN.username });
        throw err;
      }
    },

    /** Revokes every token issued to this account so far (logout, password change). */
    async revokeSessions(id: number): Promise<number> {
      await db('users').where({ id }).increment('token_version', 1).update({ updated_at: now() });
      const row = await db<UserRow>('users').select('token_version').where({ id }).first();
      return row?.token_version ?? 0;
    },

    /** Records that the account was seen now, at most once per few minutes. */
    async recordVisit(user: SessionUser, at = now()): Promise<void> {
      if (user.lastVisitAt !== null && at - user.lastVisitAt < VISIT_RESOLUTION_MS) return;
      await db('users').where({ id: user.id }).update({ last_visit_at: at });
    },

    /** One page of accounts of a role, newest first, with their profile. */
    async listByRole(role: Role, page = 1, pageSize = ADMIN_PAGE_SIZE): Promise<{ accounts: Account[]; total: number }> {
      const [rows, total] = await Promise.all([
        db('users as u')
          .leftJoin('sponsor_profiles as sp', 'sp.user_id', 'u.id')
          .leftJoin('influencer_profiles as ip', 'ip.user_id', 'u.id')
          .select(ACCOUNT_COLUMNS)
          .where('u.role', role)
          .orderBy([
            { column: 'u.created_at', order: 'desc' },
            { column: 'u.id', order: 'desc' },
          ])
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        this.count(role),
      ]);
      return { accounts: rows.map(toAccount), total };
    },

    /** Sponsors waiting for the admin's decision, oldest first. */
    async pendingSponsors(limit = 50): Promise<Account[]> {
      const rows = await db('users as u')
        .leftJoin('sponsor_profiles as sp', 'sp.user_id', 'u.id')
        .leftJoin('influencer_profiles as ip', 'ip.user_id', 'u.id')
        .select(ACCOUNT_COLUMNS)
        .where({ 'u.role': 'sponsor', 'u.status': 'pending' })
        .orderBy([{ column: 'u.created_at' }, { column: 'u.id' }])
        .limit(limit);
      return rows.map(toAccount);
    },

    /** The account, else NotFound. */
    async getAccountOrFail(id: number): Promise<Account> {
      const account = await this.getAccount(id);
      if (!account) throw new NotFound('That account');
      return account;
    },

    /** Approves a sponsor awaiting approval (or turned down before): it can publish and send offers. */
    async approve(id: number, by?: Actor): Promise<Account> {
      const account = await this.getAccountOrFail(id);
      assertModeration(account, 'approve');
      const at = now();
      await db.transaction(async (trx) => {
        const changed = await trx('users')
          .where({ id, role: 'sponsor' })
          .whereIn('status', ['pending', 'rejected'])
          .update({ status: 'active', status_reason: null, approved_at: at, updated_at: at });
        if (!changed) throw new Conflict(`${account.username} is not a sponsor awaiting approval.`);
        await recordAudit(trx, by, { action: 'approve', ...target(account) });
      });
      return account;
    },

    /** Turns down a sponsor awaiting approval: it can log in and read why, not publish. */
    async reject(id: number, reason: string | null, by?: Actor): Promise<Account> {
      const account = await this.getAccountOrFail(id);
      assertModeration(account, 'reject');
      await db.transaction(async (trx) => {
        const changed = await trx('users').where({ id, role: 'sponsor', status: 'pending' }).update({ status: 'rejected', status_reason: reason, updated_at: now() });
        if (!changed) throw new Conflict(`${account.username} is not a sponsor awaiting approval.`);
        await recordAudit(trx, by, { action: 'reject', ...target(account), reason });
      });
      return account;
    },

    /**
     * Suspends an influencer or sponsor: its tokens stop working at once (token version), it
     * cannot log in, and its campaigns and profile leave every search (they filter on status).
     */
    async suspend(id: number, typed: string, by?: Actor): Promise<Account> {
      const account = await this.getAccountOrFail(id);
      assertModeration(account, 'suspend');
      const reason = requireReason(typed, 'Say why the account is suspended.');
      await db.transaction(async (trx) => {
        // Only from active, in the database too: a second admin's approval or suspension meanwhile wins.
        const changed = await trx('users')
          .where({ id, status: 'active' })
          .update({ status: 'suspended', status_reason: reason, token_version: trx.raw('token_version + 1'), updated_at: now() });
        if (!changed) throw new Conflict(`${account.username} has changed meanwhile: reload the page.`);
        await recordAudit(trx, by, { action: 'suspend', ...target(account), reason });
      });
      return account;
    },

    /** Lifts a suspension: back to active, or to pending for a sponsor that was never approved. */
    async restore(id: number, by?: Actor): Promise<Account> {
      const account = await this.getAccountOrFail(id);
      assertModeration(account, 'restore');
      await db.transaction(async (trx) => {
        const changed = await trx('users')
          .where({ id, status: 'suspended' })
          .whereNotIn('id', trx('account_deletions').select('user_id'))
          .update({
            status: trx.raw(`case when approved_at is null then 'pending' else 'active' end`),
            status_reason: null,
            updated_at: now(),
          });
        if (!changed) throw new Conflict(account.statusReason === BEING_DELETED ? `${account.username} is being deleted.` : `${account.username} is not suspended.`);
        await recordAudit(trx, by, { action: 'restore', ...target(account) });
      });
      return account;
    },

    /** An account the admin may delete (never an admin's), else Forbidden: for the confirmation page. */
    async getDeletable(id: number): Promise<Account> {
      const account = await this.getAccountOrFail(id);
      assertModeration(account, 'delete');
      return account;
    },

    /**
     * Deletes an account (never an admin's): hidden at once, and its history purged in short steps
     * (src/services/deletions.ts) while the site goes on answering. Waits for the purge up to a
     * second; `stillDeleting` says it goes on after the answer (a busy account).
     */
    async deleteAccount(id: number, by?: Actor): Promise<Account & { stillDeleting: boolean }> {
      const account = await this.getDeletable(id);
      await db.transaction(async (trx) => {
        await markForDeletion(trx, id);
        await recordAudit(trx, by, { action: 'delete', ...target(account) });
      });
      return { ...account, stillDeleting: !(await purgedInTime(deletions.purge(id))) };
    },

    async count(role?: Role): Promise<number> {
      const row = await db('users')
        .modify((q) => {
          if (role) q.where({ role });
        })
        .count<{ n: number }[]>({ n: '*' })
        .first();
      return Number(row?.n ?? 0);
    },
  };
}

export type UsersService = ReturnType<typeof usersService>;
