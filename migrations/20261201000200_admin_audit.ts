// The admin audit trail: every moderation action, who took it, when, on what and why. Names are
// copied into the row (no foreign keys), so the trail outlives the admin and the target.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('admin_audit', (t) => {
    t.increments('id');
    t.bigInteger('at').notNullable();
    t.integer('admin_id').nullable();
    t.string('admin_username', 60).notNullable();
    t.string('action', 30).notNullable();
    t.string('target_type', 20).notNullable();
    t.integer('target_id').notNullable();
    t.string('target_label', 200).notNullable();
    t.text('reason').nullable();
    t.index(['action', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('admin_audit');
}
