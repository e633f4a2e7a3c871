// Chat polling: a conversation's version goes up with every change a reader would see (a new
// message, messages seen, an offer answered), so an open chat asks "still version N?" and gets an
// empty answer from one indexed lookup when nothing changed.
// The inbox shows the latest offer between a sponsor and an influencer: index that pair.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('conversations', (t) => {
    t.integer('version').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('offers', (t) => {
    t.index(['sponsor_id', 'influencer_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (t) => {
    t.dropIndex(['sponsor_id', 'influencer_id', 'id']);
  });
  await knex.schema.alterTable('conversations', (t) => {
    t.dropColumn('version');
  });
}
