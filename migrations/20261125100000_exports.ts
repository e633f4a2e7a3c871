// CSV exports a sponsor asks for: built by the worker, downloaded by their owner. `notified_at`
// makes the "ready" email go out once however often the job runs; `seen_at` shows the notice on
// the sponsor's next page once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exports', (t) => {
    t.increments('id').primary();
    t.integer('sponsor_id').notNullable().references('users.id').onDelete('CASCADE');
    t.enu('status', ['queued', 'running', 'ready', 'failed']).notNullable().defaultTo('queued');
    t.string('file_name', 200);
    t.integer('row_count');
    t.text('error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('finished_at');
    t.bigInteger('notified_at');
    t.bigInteger('seen_at');
    t.index(['sponsor_id', 'created_at']);
    t.index(['sponsor_id', 'status', 'seen_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exports');
}
