// One write per submit: every form carries a one-time key (`_once`); the first request with it
// claims a row here, and a repeat or a concurrent copy answers as the first did (its redirect and
// cookies) instead of doing the work again. Rows are forgotten after a day.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_submissions', (t) => {
    /** `user:<id>` when signed in, `visit:<csrf cookie>` before. */
    t.string('scope', 80).notNullable();
    t.string('path', 500).notNullable();
    t.string('key', 32).notNullable();
    t.bigInteger('created_at').notNullable().index();
    /** Set once the first request has answered: where it sent the browser, and the cookies it set. */
    t.string('location', 1000).nullable();
    t.text('cookies').nullable();
    t.primary(['scope', 'path', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('form_submissions');
}
