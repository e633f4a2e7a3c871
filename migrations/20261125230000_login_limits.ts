// Login rate-limit counters, kept in the database so that every web process (WEB_CONCURRENCY)
// counts against the same allowance and a restart does not wipe it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_limits', (t) => {
    // 'address:<ip>' or 'account:<lowercased username or email>'.
    t.text('key').primary();
    t.integer('count').notNullable();
    // When the window ends, in milliseconds since the epoch.
    t.bigInteger('reset_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_limits');
}
