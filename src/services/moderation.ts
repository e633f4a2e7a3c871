// The admin's moderation of accounts: the lists, approve, reject, suspend, restore, delete, each
// recorded in the audit trail, each allowed exactly where the admin's list offers it.
import { dependsOn, record, type Store } from '../changes';
import { now } from '../db';
import { requireReason, type Role, SUSPENDABLE_ROLES } from '../domain';
import { Conflict, Forbidden } from '../errors';
import { type Actor, recordAudit } from './audit';
import { BEING_DELETED, type DeletionsService, deletionsService, markForDeletion, purgedInTime } from './deletions';
import { type Account, ACCOUNT_COLUMNS, toAccount, type UsersService, usersService } from './users';

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

/** An account as the audit trail names it. */
const target = (account: Account) => ({ targetType: 'account' as const, targetId: account.id, targetLabel: `${account.username} (${account.role})` });

export const ADMIN_PAGE_SIZE = 10;

/** An account for the admin's lists, with the moderation its row offers. */
const withModeration = (account: Account) => ({ ...account, can: moderation(account) });

export function moderationService(store: Store, users: UsersService = usersService(store), deletions: DeletionsService = deletionsService(store)) {
  const { db } = store;
  return {
    /** One page of accounts of a role, newest first, with their profile. */
    async listByRole(role: Role, page = 1, pageSize = ADMIN_PAGE_SIZE): Promise<{ accounts: (Account & { can: Moderation })[]; total: number }> {
      return store.read(dependsOn.accounts, `listByRole:${role}:${page}:${pageSize}`, async () => {
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
          users.count(role),
        ]);
        return { accounts: rows.map((row) => withModeration(toAccount(row))), total };
      });
    },

    /** Sponsors waiting for the admin's decision, oldest first. */
    async pendingSponsors(limit = 50): Promise<Account[]> {
      return store.read(dependsOn.accounts, `pendingSponsors:${limit}`, async () => {
        const rows = await db('users as u')
          .leftJoin('sponsor_profiles as sp', 'sp.user_id', 'u.id')
          .leftJoin('influencer_profiles as ip', 'ip.user_id', 'u.id')
          .select(ACCOUNT_COLUMNS)
          .where({ 'u.role': 'sponsor', 'u.status': 'pending' })
          .orderBy([{ column: 'u.created_at' }, { column: 'u.id' }])
          .limit(limit);
        return rows.map(toAccount);
      });
    },

    /** Approves a sponsor awaiting approval (or turned down before): it can publish and send offers. */
    async approve(id: number, by?: Actor): Promise<Account> {
      const account = await users.getAccountOrFail(id);
      assertModeration(account, 'approve');
      const at = now();
      await store.write(async (trx) => {
        record(trx, { kind: 'account', userId: id });
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
      const account = await users.getAccountOrFail(id);
      assertModeration(account, 'reject');
      await store.write(async (trx) => {
        record(trx, { kind: 'account', userId: id });
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
      const account = await users.getAccountOrFail(id);
      assertModeration(account, 'suspend');
      const reason = requireReason(typed, 'Say why the account is suspended.');
      await store.write(async (trx) => {
        record(trx, { kind: 'account', userId: id });
        // Only from active, in the database too: a second admin's approval or suspension meanwhile wins.
        const changed = await trx('users')
          .where({ id, status: 'active' })
          .update({ status: 'suspended', status_reason: reason, token_version: trx.raw('token_version + 1'), updated_at: now() });
        if (!changed) throw new Conflict(`${account.username} has changed meanwhile: reload the page.`);
        record(trx, { kind: 'signed-out', userId: id });
        await recordAudit(trx, by, { action: 'suspend', ...target(account), reason });
      });
      return account;
    },

    /** Lifts a suspension: back to active, or to pending for a sponsor that was never approved. */
    async restore(id: number, by?: Actor): Promise<Account> {
      const account = await users.getAccountOrFail(id);
      assertModeration(account, 'restore');
      await store.write(async (trx) => {
        record(trx, { kind: 'account', userId: id });
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
      const account = await users.getAccountOrFail(id);
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
      await store.write(async (trx) => {
        record(trx, { kind: 'account', userId: id });
        await markForDeletion(trx, id);
        await recordAudit(trx, by, { action: 'delete', ...target(account) });
      });
      return { ...account, stillDeleting: !(await purgedInTime(deletions.purge(id))) };
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
