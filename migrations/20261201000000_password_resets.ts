// Password resets: one row per request. The link's token is made by the worker when it sends the
// email and only its SHA-256 is kept (`token_hash`): neither the database nor the job queue ever
// holds a usable link. A row is good for 30 minutes from the request, and once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('password_resets', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.string('token_hash', 64).nullable().unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('sent_at').nullable();
    t.bigInteger('used_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_resets');
}
