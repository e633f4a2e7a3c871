// PostgreSQL: trigram indexes for the campaign search (q over title, description and niche; the
// niche filter) and the influencers' niche filter, which match lower(column) LIKE '%term%'. A
// B-tree cannot seek that: without them a rare term reads every campaign (15 ms on the bench data
// set; 0.1 ms with them), and the planner still walks the sort's index when a term is common.
// The influencers' q spans two tables (name in users, niche and category in their profiles): an
// OR across tables cannot use per-table indexes, and splitting it costs common terms more than it
// saves rare ones, so it is left as it is.
// They need the pg_trgm extension: when the server lacks it or the database user may not create
// it, the search stays correct, only slower, and the migration says so.
// SQLite has its own trigram full-text tables (20261125130000_search_indexes).
import type { Knex } from 'knex';

/** Each searched column: [table, column, index name]. */
const COLUMNS = [
  ['campaigns', 'title', 'campaigns_title_trgm'],
  ['campaigns', 'description', 'campaigns_description_trgm'],
  ['campaigns', 'niche', 'campaigns_niche_trgm'],
  ['influencer_profiles', 'niche', 'influencer_profiles_niche_trgm'],
] as const;

const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

/** Whether pg_trgm is (or could just now be) installed in this database. */
async function trigramsAvailable(knex: Knex): Promise<boolean> {
  try {
    // A savepoint: a refused CREATE EXTENSION must not abort the migration's transaction.
    await knex.transaction((trx) => trx.raw('create extension if not exists pg_trgm'));
    return true;
  } catch (err) {
    console.warn(`[warn] PostgreSQL free-text search runs without trigram indexes (pg_trgm: ${(err as Error).message}).`);
    return false;
  }
}

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex) || !(await trigramsAvailable(knex))) return;
  for (const [table, column, index] of COLUMNS) {
    await knex.raw(`create index if not exists ?? on ?? using gin (lower(??) gin_trgm_ops)`, [index, table, column]);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  for (const [, , index] of COLUMNS) await knex.raw('drop index if exists ??', [index]);
}
