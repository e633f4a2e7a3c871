// The marketplace's data model.
// Time is stored as integer milliseconds since the epoch (`*_at`), calendar dates as 'YYYY-MM-DD'
// text, money as integer minor units (`*_cents`): the same on SQLite and PostgreSQL.
// ON DELETE choices:
// - an account's profile, campaigns, offers, conversations, messages and follows go with it
//   (deleting an account is an admin's deliberate act; the service keeps follower counts in step);
// - deleting a campaign removes its offers, but the chat messages that carried them stay readable
//   as text (messages.offer_id is set to NULL).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.enu('role', ['admin', 'sponsor', 'influencer', 'user']).notNullable();
    t.string('username', 30).notNullable().unique();
    t.string('email', 254).notNullable().unique();
    t.string('phone', 32).notNullable().defaultTo('');
    t.string('password_hash', 255).notNullable();
    // Part of every JWT: bumping it revokes all tokens issued before (logout, password change).
    t.integer('token_version').notNullable().defaultTo(0);
    // pending: a new sponsor awaiting approval; rejected: a sponsor the admin turned down.
    t.enu('status', ['pending', 'active', 'rejected', 'suspended']).notNullable().defaultTo('active');
    t.string('status_reason', 500);
    t.bigInteger('approved_at');
    t.bigInteger('last_visit_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['role', 'status', 'created_at']);
  });

  await knex.schema.createTable('sponsor_profiles', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.string('industry', 80).notNullable();
  });

  await knex.schema.createTable('influencer_profiles', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.string('category', 40).notNullable();
    t.string('niche', 60).notNullable();
    // Kept in step with `follows` in the same transaction as every follow/unfollow.
    t.integer('follower_count').notNullable().defaultTo(0);
    t.index(['follower_count']);
    t.index(['category', 'follower_count']);
    t.index(['niche', 'follower_count']);
  });

  await knex.schema.createTable('campaigns', (t) => {
    t.increments('id').primary();
    t.integer('sponsor_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('title', 120).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.string('niche', 60);
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.bigInteger('budget_cents').notNullable();
    t.enu('visibility', ['public', 'private']).notNullable().defaultTo('public');
    t.text('goals').notNullable().defaultTo('');
    t.boolean('flagged').notNullable().defaultTo(false);
    t.string('flag_reason', 500);
    t.bigInteger('flagged_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['sponsor_id', 'created_at']);
    t.index(['created_at']);
    t.index(['visibility', 'flagged', 'start_date']);
    t.index(['visibility', 'flagged', 'budget_cents']);
  });

  await knex.schema.createTable('offers', (t) => {
    t.increments('id').primary();
    t.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE');
    t.integer('sponsor_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('proposed_by').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('budget_cents').notNullable();
    t.text('terms').notNullable().defaultTo('');
    // superseded: replaced by a counter-offer (superseded_by points at it).
    t.enu('status', ['pending', 'accepted', 'rejected', 'superseded']).notNullable().defaultTo('pending');
    t.integer('superseded_by').references('offers.id').onDelete('SET NULL');
    t.bigInteger('answered_at');
    t.bigInteger('paid_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['campaign_id', 'status']);
    t.index(['sponsor_id', 'status']);
    t.index(['influencer_id', 'status']);
    t.index(['status']);
  });

  // One conversation per sponsor–influencer pair; it carries the inbox's ordering.
  await knex.schema.createTable('conversations', (t) => {
    t.increments('id').primary();
    t.integer('sponsor_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('last_message_id');
    t.bigInteger('last_message_at');
    t.bigInteger('created_at').notNullable();
    t.unique(['sponsor_id', 'influencer_id']);
    t.index(['sponsor_id', 'last_message_at']);
    t.index(['influencer_id', 'last_message_at']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.increments('id').primary();
    t.integer('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.integer('sender_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('recipient_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('body').notNullable();
    t.integer('offer_id').references('offers.id').onDelete('SET NULL');
    t.bigInteger('sent_at').notNullable();
    t.bigInteger('seen_at');
    // Chat pages and polls read "messages of this conversation after id N".
    t.index(['conversation_id', 'id']);
    // Unseen counts and green dots.
    t.index(['recipient_id', 'seen_at', 'conversation_id']);
  });

  // "Delete" hides a conversation from one side only, up to the last message it had then;
  // a later message brings the conversation back with only the newer messages.
  await knex.schema.createTable('conversation_deletions', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.integer('through_message_id').notNullable();
    t.bigInteger('deleted_at').notNullable();
    t.primary(['user_id', 'conversation_id']);
  });

  await knex.schema.createTable('follows', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.primary(['user_id', 'influencer_id']);
    t.index(['influencer_id']);
  });

  // Transactional outbox: background work is recorded with the action that asked for it and
  // relayed to the queue when Redis is reachable.
  await knex.schema.createTable('job_outbox', (t) => {
    t.increments('id').primary();
    t.string('queue', 40).notNullable();
    t.text('payload').notNullable();
    // Optional idempotency key (e.g. "reminder:2026-11-25:42"): the same work is recorded once.
    t.string('dedupe_key', 200).unique();
    t.enu('status', ['pending', 'sent', 'failed']).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at');
    t.index(['status', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'job_outbox',
    'follows',
    'conversation_deletions',
    'messages',
    'conversations',
    'offers',
    'campaigns',
    'influencer_profiles',
    'sponsor_profiles',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
