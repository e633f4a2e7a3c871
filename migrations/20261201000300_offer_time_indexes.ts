// The insights' trends read offers by when they were sent, accepted and paid, over the last weeks
// and months: an index on each time, so that they read only those rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (t) => {
    t.index(['created_at'], 'offers_created_at_index');
    t.index(['answered_at'], 'offers_answered_at_index');
    t.index(['paid_at'], 'offers_paid_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (t) => {
    t.dropIndex(['created_at'], 'offers_created_at_index');
    t.dropIndex(['answered_at'], 'offers_answered_at_index');
    t.dropIndex(['paid_at'], 'offers_paid_at_index');
  });
}
