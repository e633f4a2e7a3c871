// Indexes for the searches at scale (EXPLAIN QUERY PLAN is checked by
// tests/services/query-plans.test.ts on the bench data set):
// - free-text search ("q") matches anywhere in a name, niche, category, title or description. No
//   B-tree can seek that, so on SQLite a full-text table with the trigram tokenizer holds each
//   influencer's and each campaign's searchable text, kept in step by triggers; LIKE '%term%'
//   on it is answered from its index (terms of three characters or more). PostgreSQL keeps
//   matching the columns directly;
// - the niche filter tests lower(niche) on a compact index instead of reading the table;
// - counting the campaigns influencers can find (public, unflagged, not over, by an active
//   sponsor, optionally by niche) reads a range of one index that covers it;
// - the admin's lists of accounts by role, newest first, read (role, created_at, id) in order
//   instead of sorting every account of the role.
import type { Knex } from 'knex';

const INFLUENCER_TEXT = `u.username || ' ' || p.niche || ' ' || p.category`;
const CAMPAIGN_TEXT = `c.title || ' ' || c.description || ' ' || coalesce(c.niche, '')`;

const SQLITE_UP = [
  `create virtual table influencer_search using fts5(body, tokenize = 'trigram')`,
  `insert into influencer_search (rowid, body)
     select p.user_id, ${INFLUENCER_TEXT} from influencer_profiles p join users u on u.id = p.user_id`,
  `create trigger influencer_search_insert after insert on influencer_profiles begin
     insert into influencer_search (rowid, body)
       select p.user_id, ${INFLUENCER_TEXT} from influencer_profiles p join users u on u.id = p.user_id where p.user_id = new.user_id;
   end`,
  `create trigger influencer_search_update after update of niche, category on influencer_profiles begin
     update influencer_search set body = (
       select ${INFLUENCER_TEXT} from influencer_profiles p join users u on u.id = p.user_id where p.user_id = new.user_id
     ) where rowid = new.user_id;
   end`,
  `create trigger influencer_search_rename after update of username on users begin
     update influencer_search set body = (
       select ${INFLUENCER_TEXT} from influencer_profiles p join users u on u.id = p.user_id where p.user_id = new.id
     ) where rowid = new.id;
   end`,
  `create trigger influencer_search_delete after delete on influencer_profiles begin
     delete from influencer_search where rowid = old.user_id;
   end`,
  `create virtual table campaign_search using fts5(body, tokenize = 'trigram')`,
  `insert into campaign_search (rowid, body) select c.id, ${CAMPAIGN_TEXT} from campaigns c`,
  `create trigger campaign_search_insert after insert on campaigns begin
     insert into campaign_search (rowid, body) select c.id, ${CAMPAIGN_TEXT} from campaigns c where c.id = new.id;
   end`,
  `create trigger campaign_search_update after update of title, description, niche on campaigns begin
     update campaign_search set body = (select ${CAMPAIGN_TEXT} from campaigns c where c.id = new.id) where rowid = new.id;
   end`,
  `create trigger campaign_search_delete after delete on campaigns begin
     delete from campaign_search where rowid = old.id;
   end`,
];

const SQLITE_DOWN = [
  'drop trigger if exists campaign_search_delete',
  'drop trigger if exists campaign_search_update',
  'drop trigger if exists campaign_search_insert',
  'drop table if exists campaign_search',
  'drop trigger if exists influencer_search_delete',
  'drop trigger if exists influencer_search_rename',
  'drop trigger if exists influencer_search_update',
  'drop trigger if exists influencer_search_insert',
  'drop table if exists influencer_search',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index influencer_profiles_niche_lower_index on influencer_profiles (lower(niche), follower_count)');
  await knex.raw(
    'create index campaigns_findable_index on campaigns (visibility, flagged, end_date, sponsor_id, lower(niche))',
  );
  await knex.schema.alterTable('users', (t) => {
    t.index(['role', 'created_at', 'id']);
  });
  if (knex.client.config.client !== 'pg') for (const sql of SQLITE_UP) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') for (const sql of SQLITE_DOWN) await knex.raw(sql);
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['role', 'created_at', 'id']);
  });
  await knex.raw('drop index if exists campaigns_findable_index');
  await knex.raw('drop index if exists influencer_profiles_niche_lower_index');
}
