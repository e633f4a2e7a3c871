// Deleting an account without stopping the site. One transaction that cascades through the
// foreign keys holds SQLite's only connection (and the one event loop) for as long as the
// account's history takes: seconds for the busiest. So deleting is two parts:
// 1. marked, in the caller's transaction: the account is suspended ("being deleted"), its sessions
//    revoked, so it leaves every search and cannot sign in; a row in `account_deletions` says
//    the rest is to be done;
// 2. purged, in short steps: its follows, messages, offers, conversations and campaigns go a few
//    hundred rows a statement, the event loop served between steps, then the account itself.
// Every step deletes what is left, so a purge cut short (a crash, a restart) is finished by the
// next one: the worker runs `purgePending` at start and every minute. A campaign (thousands of
// offers for a busy sponsor) is deleted the same way, recorded in `campaign_deletions`.
import type { Knex } from 'knex';
import { record, type Store } from '../changes';
import { now, yieldToEventLoop } from '../db';

/** Rows one statement deletes at most: a few milliseconds of work. */
const STEP_ROWS = 500;
/** Offers cascade into deliverables, events and disputes: fewer a statement. */
const STEP_OFFERS = 100;

export const BEING_DELETED = 'Being deleted';

/** Step 1, in the caller's transaction: the account is hidden at once and its purge recorded. */
export async function markForDeletion(trx: Knex.Transaction, id: number): Promise<void> {
  await trx('users')
    .where({ id })
    .update({ status: 'suspended', status_reason: BEING_DELETED, updated_at: now(), token_version: trx.raw('token_version + 1') });
  await trx('account_deletions').insert({ user_id: id, requested_at: now() }).onConflict('user_id').ignore();
  record(trx, { kind: 'account', userId: id }, { kind: 'signed-out', userId: id });
}

/** How long a deletion's answer waits for its purge; a longer purge goes on after it. */
const PURGE_WAIT_MS = 1000;

/**
 * Waits for a purge up to PURGE_WAIT_MS: true when it is done by then. A purge that fails is left
 * for the worker, which finishes every pending one.
 */
export async function purgedInTime(purging: Promise<void>): Promise<boolean> {
  const purged = purging.then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PURGE_WAIT_MS)));
  try {
    return await Promise.race([purged, waited]);
  } finally {
    clearTimeout(timer);
  }
}

export function deletionsService(store: Store) {
  const { db } = store;
    /** Purges under way in this process (`account:7`, `campaign:9`): a second request for one joins the first. */
  const running = new Map<string, Promise<void>>();
  const once = (key: string, purge: () => Promise<void>): Promise<void> => {
    let purging = running.get(key);
    if (!purging) {
      purging = purge().finally(() => running.delete(key));
      running.set(key, purging);
    }
    return purging;
  };
  let closing = false;

  /** Runs one step (a statement deleting at most a few hundred rows) until it deletes nothing. */
  async function inSteps(run: () => Promise<number>): Promise<void> {
    for (;;) {
      // Shutting down: stop between steps; the next start finishes the purge.
      if (closing) throw new Error('the purge stopped for a shutdown');
      if ((await run()) === 0) return;
      await yieldToEventLoop();
    }
  }

  /** Deletes the rows of `table` that `where` picks, `step` at a time (by id), until none is left. */
  const deleteAll = (table: string, where: (q: Knex.QueryBuilder) => void, step = STEP_ROWS) =>
    inSteps(() => db(table).whereIn('id', db(table).where(where).limit(step).select('id')).del());

  /** A campaign's offers (their deliverables, events and disputes cascade), then the campaign. */
  async function purgeCampaignNow(id: number): Promise<void> {
    await deleteAll('offers', (q) => q.where({ campaign_id: id }), STEP_OFFERS);
    await store.write(async (trx) => {
      await trx('campaigns').where({ id }).del();
      await trx('campaign_deletions').where({ campaign_id: id }).del();
      record(trx, { kind: 'campaign', campaignId: id });
    });
  }

  async function purgeNow(id: number): Promise<void> {
    // What it followed: the follower counts lowered with each step's follows, in one transaction.
    await inSteps(() =>
      db.transaction(async (trx): Promise<number> => {
        const followed: number[] = await trx('follows').where({ user_id: id }).limit(STEP_ROWS).pluck('influencer_id');
        if (followed.length === 0) return 0;
        await trx('influencer_profiles').whereIn('user_id', followed).decrement('follower_count', 1);
        const removed: number = await trx('follows').where({ user_id: id }).whereIn('influencer_id', followed).del();
        return removed;
      }) as Promise<number>,
    );
    await inSteps(() => db('follows').where({ influencer_id: id }).whereIn('user_id', db('follows').where({ influencer_id: id }).limit(STEP_ROWS).select('user_id')).del());
    // Messages of its conversations.
    for (const side of ['sponsor_id', 'influencer_id'] as const) {
      await deleteAll('messages', (q) => q.whereIn('conversation_id', db('conversations').where(side, id).select('id')));
    }
    // Offers it made or received, and those on its campaigns (their deliverables, events and disputes cascade).
    for (const side of ['sponsor_id', 'influencer_id'] as const) await deleteAll('offers', (q) => q.where(side, id), STEP_OFFERS);
    await deleteAll('conversations', (q) => q.where({ sponsor_id: id }).orWhere({ influencer_id: id }));
    await deleteAll('campaigns', (q) => q.where({ sponsor_id: id }));
    // What is left is small (profile, exports, claims): the account goes with it.
    await store.write(async (trx) => {
      await trx('users').where({ id }).del();
      await trx('account_deletions').where({ user_id: id }).del();
      record(trx, { kind: 'account', userId: id });
    });
  }

  return {
    /**
     * Step 2: deletes everything of a marked account, in short steps; resolves when it is gone.
     * Safe to call again, or from several processes at once: each step deletes what is left.
     */
    purge(id: number): Promise<void> {
      return once(`account:${id}`, () => purgeNow(id));
    },

    /** Deletes a campaign as an account is (recorded first, then in steps); resolves when it is gone. */
    async removeCampaign(id: number): Promise<void> {
      await store.write(async (trx) => {
        await trx('campaign_deletions').insert({ campaign_id: id, requested_at: now() }).onConflict('campaign_id').ignore();
        record(trx, { kind: 'campaign', campaignId: id });
      });
      await this.purgeCampaign(id);
    },

    /** Step 2 for a campaign: safe to call again, as {@link purge}. */
    purgeCampaign(id: number): Promise<void> {
      return once(`campaign:${id}`, () => purgeCampaignNow(id));
    },

    /** Whether the account is still being deleted (marked, not yet purged). */
    async isPending(id: number): Promise<boolean> {
      return (await db('account_deletions').where({ user_id: id }).first('user_id')) !== undefined;
    },

    /** Finishes every purge that was cut short, campaigns and accounts; how many there were. */
    async purgePending(): Promise<number> {
      const campaigns: number[] = await db('campaign_deletions').orderBy('requested_at').pluck('campaign_id');
      for (const id of campaigns) await this.purgeCampaign(id);
      const accounts: number[] = await db('account_deletions').orderBy('requested_at').pluck('user_id');
      for (const id of accounts) await this.purge(id);
      return campaigns.length + accounts.length;
    },

    /** Stops this process's purges after their current step (shutdown); resolves once they have. */
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type DeletionsService = ReturnType<typeof deletionsService>;
