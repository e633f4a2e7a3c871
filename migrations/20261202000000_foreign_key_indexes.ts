// Every foreign key leads an index (tests/services/foreign-key-indexes.test.ts checks the whole
// schema). Without one, deleting a parent row scans the whole child table once per row: deleting a
// campaign with 246 offers scanned `messages` 246 times (SET NULL on offer_id) and stopped the site.
import type { Knex } from 'knex';

const INDEXES: [table: string, column: string][] = [
  ['messages', 'offer_id'],
  ['messages', 'sender_id'],
  ['offers', 'superseded_by'],
  ['offers', 'proposed_by'],
  ['send_claims', 'user_id'],
  ['collaboration_events', 'actor_id'],
  ['disputes', 'opened_by'],
  ['disputes', 'resolved_by'],
  ['conversation_deletions', 'conversation_id'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, column] of INDEXES) {
    await knex.schema.alterTable(table, (t) => t.index([column], `${table}_${column}_index`));
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column] of INDEXES) {
    await knex.schema.alterTable(table, (t) => t.dropIndex([column], `${table}_${column}_index`));
  }
}
