// Creator profiles: what a sponsor chooses an influencer by. The profile's own fields (display
// name, bio, where, languages, availability) sit with the influencer's profile row; platform
// accounts (any number, each with its figures and when they were last updated) and the rate card
// (one price per kind of deliverable) are tables of their own, indexed for the search's filters.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('influencer_profiles', (t) => {
    t.string('display_name', 60).notNullable().defaultTo('');
    t.text('bio').notNullable().defaultTo('');
    t.string('city', 60).notNullable().defaultTo('');
    // ISO 3166-1 alpha-2, '' when not given.
    t.string('country', 2).notNullable().defaultTo('');
    // ISO 639-1 codes between commas (",en,es,"), so one language is a plain LIKE '%,en,%'.
    t.string('languages', 200).notNullable().defaultTo('');
    // open | busy (until busy_until) | closed (not taking work: out of every search)
    t.string('availability', 10).notNullable().defaultTo('open');
    t.string('busy_until', 10);
    t.index(['availability', 'user_id']);
    t.index(['country', 'follower_count']);
  });
  await knex.schema.createTable('platform_accounts', (t) => {
    t.increments('id').primary();
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('platform', 20).notNullable();
    t.string('handle', 200).notNullable();
    t.bigInteger('followers').notNullable();
    t.bigInteger('avg_views').notNullable();
    // Engagement rate in hundredths of a percent (3.25 % is 325): whole numbers only.
    t.integer('engagement_bp').notNullable();
    // When the influencer last entered these figures (ms since the epoch).
    t.bigInteger('figures_at').notNullable();
    t.bigInteger('verified_at');
    t.integer('verified_by').references('users.id').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.unique(['influencer_id', 'platform', 'handle']);
    t.index(['platform', 'followers']);
    t.index(['verified_by']);
  });
  await knex.schema.createTable('rates', (t) => {
    t.integer('influencer_id').notNullable().references('users.id').onDelete('CASCADE');
    // post | short | story | video | live | blog
    t.string('kind', 10).notNullable();
    t.bigInteger('price_cents').notNullable();
    t.primary(['influencer_id', 'kind']);
    t.index(['kind', 'price_cents']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rates');
  await knex.schema.dropTable('platform_accounts');
  await knex.schema.alterTable('influencer_profiles', (t) => {
    t.dropIndex(['availability', 'user_id']);
    t.dropIndex(['country', 'follower_count']);
  });
  // Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): knex's SQLite way rebuilds the table, which
  // the search triggers on influencer_profiles do not survive.
  for (const column of ['display_name', 'bio', 'city', 'country', 'languages', 'availability', 'busy_until']) {
    await knex.raw('alter table ?? drop column ??', ['influencer_profiles', column]);
  }
}
