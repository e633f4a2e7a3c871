// Accounts marked for deletion whose rows are still being purged in short steps
// (src/services/deletions.ts): a purge cut short is finished from here after a restart.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_deletions', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.bigInteger('requested_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_deletions');
}
