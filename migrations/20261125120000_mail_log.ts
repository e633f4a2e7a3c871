// Periodic emails claimed before they are sent (kind, account, period): a monthly report goes out
// once per sponsor per month even when its job runs twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_log', (t) => {
    t.string('kind', 40).notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('period', 20).notNullable();
    t.bigInteger('sent_at').notNullable();
    t.primary(['kind', 'user_id', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('mail_log');
}
