// Indexes that answer the dashboards' and the inbox's hottest reads without fetching rows, each
// replacing the narrower index it extends:
// - a campaign's totals (committed, paid, influencers: three subqueries per listed campaign on
//   its accepted offers) read offers(campaign_id, status) widened with the columns they sum and
//   count;
// - the inbox counts a person's conversations (a busy sponsor has a thousand) on
//   conversations(sponsor_id | influencer_id, last_message_at) widened with last_message_id;
// - the searches' counts leave out the few inactive accounts (pending, rejected, suspended) read
//   off users(status, id), instead of looking up every counted row's account.
import type { Knex } from 'knex';

const WIDENED: { table: string; narrow: string[]; wide: string[]; name: string }[] = [
  { table: 'offers', narrow: ['campaign_id', 'status'], wide: ['campaign_id', 'status', 'budget_cents', 'paid_at', 'influencer_id'], name: 'offers_campaign_totals_index' },
  { table: 'conversations', narrow: ['sponsor_id', 'last_message_at'], wide: ['sponsor_id', 'last_message_at', 'last_message_id'], name: 'conversations_sponsor_inbox_index' },
  { table: 'conversations', narrow: ['influencer_id', 'last_message_at'], wide: ['influencer_id', 'last_message_at', 'last_message_id'], name: 'conversations_influencer_inbox_index' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.index(['status', 'id'], 'users_status_id_index');
  });
  for (const { table, narrow, wide, name } of WIDENED) {
    await knex.schema.alterTable(table, (t) => {
      t.index(wide, name);
    });
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(narrow);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['status', 'id'], 'users_status_id_index');
  });
  for (const { table, narrow, wide, name } of WIDENED) {
    await knex.schema.alterTable(table, (t) => {
      t.index(narrow);
    });
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(wide, name);
    });
  }
}
