// "Forgot your password?": a request records a reset (and its email, through the outbox) when the
// address belongs to an account; the answer is the same whether or not it does. The worker makes
// the link's random token when it sends the email, keeping only its hash; the link is good for 30
// minutes and once, and using it sets the password and ends every session of the account.
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, passwordWeakness } from '../auth/passwords';
import { type LoginLimits, RateLimiter } from '../auth/rateLimit';
import { record, type Store } from '../changes';
import { now } from '../db';
import { Gone, Invalid, NotFound, TooManyAttempts } from '../errors';
import { enqueue } from './outbox';
import type { Origin } from './users';

export const RESET_VALID_MS = 30 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** How many reset emails one address may ask for, and one account may receive, per hour. */
export const RESET_LIMITS = { perAddress: 10, perAccount: 3 };

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A reset link's token: 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ResetMail {
  to: { email: string; username: string };
  token: string;
  expiresAt: number;
}

const NEW_LINK = { href: '/password/forgot', label: 'Ask for a new link' };

export function passwordResetsService(store: Store, limits: Pick<LoginLimits, 'perAccount'>) {
  const { db } = store;
  const byAddress = new RateLimiter(db, 'reset-address', RESET_LIMITS.perAddress, HOUR);
  const byAccount = new RateLimiter(db, 'reset-account', RESET_LIMITS.perAccount, HOUR);

  /**
   * The unused, unexpired reset a token opens, with its account; otherwise the error that says
   * honestly why not: a link we never sent (404), or one used or expired (410, with a way to ask
   * for a new one).
   */
  async function open(token: string) {
    const reset = TOKEN.test(token)
      ? await db('password_resets as r')
          .join('users as u', 'u.id', 'r.user_id')
          .where('r.token_hash', hashOf(token))
          .first('r.id', 'r.user_id as userId', 'r.used_at as usedAt', 'r.expires_at as expiresAt', 'u.username', 'u.email')
      : undefined;
    if (!reset) throw new NotFound('That reset link');
    if (reset.usedAt !== null) throw new Gone('This reset link was already used (or a new password was set with another link): each link works once. If you still need a new password, ask for a new link.', NEW_LINK);
    if (Number(reset.expiresAt) <= now()) {
      throw new Gone(`This reset link has expired: links work for ${RESET_VALID_MS / 60_000} minutes. Ask for a new one and use it soon.`, NEW_LINK);
    }
    return reset as { id: number; userId: number; username: string; email: string };
  }

  return {
    /**
     * Asks for a reset link for `email`. Too many asks from one address are refused (429, said on
     * the form); everything else answers alike: an unknown address, a suspended account, or an
     * account that already had its hourly emails simply gets nothing.
     */
    async request(email: string, from: Origin): Promise<void> {
      const allowance = await byAddress.reserve(from.address);
      if (!allowance.allowed) throw new TooManyAttempts(allowance.retryAfterSeconds, 'email', 'requests for reset links');
      const user = await db('users').where({ email: email.trim().toLowerCase() }).first('id', 'status');
      // The same work (a counter) whether or not the address is known, so timing tells little.
      const forAccount = await byAccount.reserve(user ? `id:${user.id}` : `email:${email.trim().toLowerCase()}`);
      if (!user || user.status === 'suspended' || !forAccount.allowed) return;
      const at = now();
      await store.write(async (trx) => {
        const [row] = await trx('password_resets').insert({ user_id: user.id, created_at: at, expires_at: at + RESET_VALID_MS }).returning('id');
        const resetId = Number(typeof row === 'object' ? (row as { id: number }).id : row);
        await enqueue(trx, 'resets', { resetId }, `reset:${resetId}`);
      });
    },

    /**
     * For the email job: a new token for a reset not yet sent, used or expired (its hash replaces
     * any earlier one, so a retried job's link is the one that works), or null.
     */
    async issueToken(resetId: number): Promise<ResetMail | null> {
      const row = await db('password_resets as r')
        .join('users as u', 'u.id', 'r.user_id')
        .where('r.id', resetId)
        .whereNull('r.sent_at')
        .whereNull('r.used_at')
        .where('r.expires_at', '>', now())
        .whereNot('u.status', 'suspended')
        .first('u.email', 'u.username', 'r.expires_at');
      if (!row) return null;
      const token = randomBytes(32).toString('base64url');
      await db('password_resets').where({ id: resetId }).update({ token_hash: hashOf(token) });
      return { to: { email: row.email, username: row.username }, token, expiresAt: Number(row.expires_at) };
    },

    async markSent(resetId: number): Promise<void> {
      await db('password_resets').where({ id: resetId }).update({ sent_at: now() });
    },

    /** Who a reset link is for, while it is good; NotFound when it is unknown, Gone when used or expired. */
    async check(token: string): Promise<{ username: string }> {
      const reset = await open(token);
      return { username: reset.username };
    },

    /**
     * Sets the new password through the link: once (two submits of one link cannot both set it),
     * ending every session of the account and every other link it was sent.
     */
    async reset(token: string, newPassword: string): Promise<{ userId: number; username: string }> {
      const reset = await open(token);
      const weakness = passwordWeakness(newPassword, { username: reset.username, email: reset.email });
      if (weakness) throw new Invalid({ new_password: weakness });
      const passwordHash = await hashPassword(newPassword);
      await store.write(async (trx) => {
        const at = now();
        const claimed = await trx('password_resets').where({ id: reset.id }).whereNull('used_at').update({ used_at: at });
        if (claimed === 0) throw new Gone('This reset link was just used: each link works once. If you still need a new password, ask for a new link.', NEW_LINK);
        await trx('password_resets').where({ user_id: reset.userId }).whereNull('used_at').update({ used_at: at });
        await trx('users').where({ id: reset.userId }).increment('token_version', 1).update({ password_hash: passwordHash, updated_at: at });
        record(trx, { kind: 'signed-out', userId: reset.userId });
      });
      // The failed logins that may have locked the account are forgotten: the new password works at once.
      await limits.perAccount.reset(`id:${reset.userId}`);
      return { userId: reset.userId, username: reset.username };
    },
  };
}
