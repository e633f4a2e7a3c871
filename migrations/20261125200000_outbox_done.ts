// A job's outbox row records when the job finished, so that the worker can send again a job that
// was handed to Redis and never finished (Redis keeps nothing on disk: a restart loses it).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('job_outbox', (t) => {
    t.bigInteger('done_at');
    t.index(['status', 'done_at', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('job_outbox', (t) => {
    t.dropIndex(['status', 'done_at', 'sent_at']);
    t.dropColumn('done_at');
  });
}
