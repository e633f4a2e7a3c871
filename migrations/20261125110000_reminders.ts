// Scheduled work: `scheduler_runs` lets exactly one worker plan each period (a daily reminder
// round, a monthly report round); `reminder_log` makes each influencer's daily email go out once
// even when its job runs twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scheduler_runs', (t) => {
    t.string('kind', 40).notNullable();
    t.string('period', 20).notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['kind', 'period']);
  });
  await knex.schema.createTable('reminder_log', (t) => {
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('day', 10).notNullable();
    t.bigInteger('sent_at').notNullable();
    t.primary(['influencer_id', 'day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('reminder_log');
  await knex.schema.dropTableIfExists('scheduler_runs');
}
