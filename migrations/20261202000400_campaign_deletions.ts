// Campaigns whose offers are being deleted in short steps (src/services/deletions.ts): a deletion
// cut short is finished from here after a restart.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaign_deletions', (t) => {
    t.integer('campaign_id').primary().references('campaigns.id').onDelete('CASCADE');
    t.bigInteger('requested_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('campaign_deletions');
}
