// One table for "send once per period" claims: `send_claims` (kind, account, period) replaces
// `reminder_log` (the daily reminder) and `mail_log` (the monthly report); their rows move here.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('send_claims', (t) => {
    t.string('kind', 40).notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('period', 20).notNullable();
    t.bigInteger('claimed_at').notNullable();
    t.primary(['kind', 'user_id', 'period']);
  });
  await knex.raw(
    "insert into send_claims (kind, user_id, period, claimed_at) select 'reminder', influencer_id, day, sent_at from reminder_log",
  );
  await knex.raw('insert into send_claims (kind, user_id, period, claimed_at) select kind, user_id, period, sent_at from mail_log');
  await knex.schema.dropTable('reminder_log');
  await knex.schema.dropTable('mail_log');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('reminder_log', (t) => {
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('day', 10).notNullable();
    t.bigInteger('sent_at').notNullable();
    t.primary(['influencer_id', 'day']);
  });
  await knex.schema.createTable('mail_log', (t) => {
    t.string('kind', 40).notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('period', 20).notNullable();
    t.bigInteger('sent_at').notNullable();
    t.primary(['kind', 'user_id', 'period']);
  });
  await knex.raw(
    "insert into reminder_log (influencer_id, day, sent_at) select user_id, period, claimed_at from send_claims where kind = 'reminder'",
  );
  await knex.raw(
    "insert into mail_log (kind, user_id, period, sent_at) select kind, user_id, period, claimed_at from send_claims where kind <> 'reminder'",
  );
  await knex.schema.dropTable('send_claims');
}
