// One open dispute a collaboration, held by the database: a partial unique index (both SQLite and
// PostgreSQL have them). Check-then-insert in the service let 20 parallel requests open 10 on
// PostgreSQL. Duplicates already open are closed first, keeping the oldest.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const duplicates = await knex('disputes as d')
    .whereNull('d.resolved_at')
    .whereExists(knex('disputes as o').whereRaw('o.offer_id = d.offer_id').whereNull('o.resolved_at').whereRaw('o.id < d.id').select(knex.raw('1')))
    .pluck('d.id');
  if (duplicates.length > 0) {
    await knex('disputes').whereIn('id', duplicates).update({ resolved_at: Date.now(), resolution_note: 'Closed as a duplicate of the dispute opened before it.' });
  }
  await knex.raw('create unique index disputes_one_open on disputes (offer_id) where resolved_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index disputes_one_open');
}
