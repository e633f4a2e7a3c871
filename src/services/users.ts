// Accounts: sign-up, an account's details and profile, the password change. Sessions are in
// sessions.ts, the admin's moderation in moderation.ts.
import type { Knex } from 'knex';
import { hashPassword, passwordWeakness, verifyPassword } from '../auth/passwords';
import { checkPasswordLimited, countSignup, createLoginLimits, type LoginLimits } from '../auth/rateLimit';
import { record, type Store } from '../changes';
import { type CreatorProfileInput, storedLanguages } from '../creators';
import { type Db, hotRow, isUniqueViolation, now } from '../db';
import { type AccountStatus, needsApproval, type Role, type Viewer } from '../domain';
import { Invalid, NotFound } from '../errors';

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
  /** An influencer's creator profile (display name, bio, where, languages, availability). */
  creator?: CreatorProfileInput;
  currentPassword: string;
  newPassword: string;
}



/** Who an account is, as every view of it starts. */
export function identityOf(row: Pick<UserRow, 'id' | 'role' | 'username' | 'status'>) {
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



/** The columns an Account is read from: users (u) with its sponsor (sp) and influencer (ip) profile. */
export const ACCOUNT_COLUMNS = [
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
export function toAccount(row: any): Account {
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



/** Where a request came from, for the limits on password checks and sign-ups. */
export interface Origin {
  address: string;
}

export function usersService(store: Store, limits: LoginLimits = createLoginLimits(store.db)) {
  const { db } = store;
  /** {@link usersService.getAccount}'s SQL, built on first use. */
  let accountSql: string | undefined;
  return {
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
        return await store.write(async (trx) => {
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
          record(trx, { kind: 'account-opened', userId: id, role: input.role });
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
      changes: { username: string; phone: string; industry?: string; category?: string; niche?: string; creator?: CreatorProfileInput; passwordHash?: string },
    ): Promise<number> {
      try {
        return await store.write(async (trx) => {
          record(trx, { kind: 'account', userId: id });
          if (changes.passwordHash) record(trx, { kind: 'signed-out', userId: id });
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
            const c = changes.creator;
            await trx('influencer_profiles')
              .where({ user_id: id })
              .update({
                category: changes.category,
                niche: changes.niche,
                ...(c
                  ? {
                      display_name: c.displayName,
                      bio: c.bio,
                      city: c.city,
                      country: c.country,
                      languages: storedLanguages(c.languages),
                      availability: c.availability,
                      busy_until: c.busyUntil,
                    }
                  : {}),
              });
          }
          const row = await trx<UserRow>('users').select('token_version').where({ id }).first();
          return row!.token_version;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new Invalid({ username: TAKEN.username });
        throw err;
      }
    },

    /** The account, else NotFound. */
    async getAccountOrFail(id: number): Promise<Account> {
      const account = await this.getAccount(id);
      if (!account) throw new NotFound('That account');
      return account;
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
