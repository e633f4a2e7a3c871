// Collaborations: an accepted offer's deliverables (what was promised, by when, what was submitted
// and how it was reviewed), and a history of every event with who and when. A chat message can be
// such an event's system line (`messages.event`, its offer in `messages.offer_id`). Disputes, opened
// by either side and resolved by an admin.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deliverables', (t) => {
    t.increments('id').primary();
    t.integer('offer_id').notNullable().references('offers.id').onDelete('CASCADE');
    t.string('title', 100).notNullable();
    t.string('due_date', 10).notNullable();
    // due → submitted → changes_requested → submitted … → approved
    t.string('state', 20).notNullable().defaultTo('due');
    t.string('url', 500);
    t.text('note');
    t.text('change_reason');
    // Results, once submitted (whole numbers, entered by either side).
    t.bigInteger('views');
    t.bigInteger('likes');
    t.bigInteger('comments');
    t.bigInteger('clicks');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('submitted_at');
    t.bigInteger('approved_at');
    t.index(['offer_id', 'due_date']);
  });
  await knex.schema.createTable('collaboration_events', (t) => {
    t.increments('id').primary();
    t.integer('offer_id').notNullable().references('offers.id').onDelete('CASCADE');
    t.integer('actor_id').references('users.id').onDelete('SET NULL');
    t.string('kind', 40).notNullable();
    t.text('detail').notNullable();
    t.bigInteger('at').notNullable();
    t.index(['offer_id', 'id']);
  });
  // Either side may open a dispute; an admin closes it with a note both sides see.
  await knex.schema.createTable('disputes', (t) => {
    t.increments('id').primary();
    t.integer('offer_id').notNullable().references('offers.id').onDelete('CASCADE');
    t.integer('opened_by').references('users.id').onDelete('SET NULL');
    t.text('reason').notNullable();
    t.bigInteger('opened_at').notNullable();
    t.integer('resolved_by').references('users.id').onDelete('SET NULL');
    t.text('resolution_note');
    t.bigInteger('resolved_at');
    t.index(['offer_id', 'resolved_at']);
    t.index(['resolved_at', 'opened_at']);
  });
  await knex.schema.alterTable('messages', (t) => {
    t.string('event', 40);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('event');
  });
  await knex.schema.dropTable('disputes');
  await knex.schema.dropTable('collaboration_events');
  await knex.schema.dropTable('deliverables');
}
