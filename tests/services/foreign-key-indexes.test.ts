// Every foreign key leads an index, on SQLite and PostgreSQL: a cascaded delete or a SET NULL
// otherwise scans the whole child table for each parent row, and SQLite's synchronous calls stop
// the one event loop while it does (deleting one campaign froze every page for 18 s).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../support/app';
import { foreignKeys, unindexedForeignKeys } from '../support/schema';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

describe('the schema', () => {
  it('has foreign keys to check', async () => {
    const keys = await foreignKeys(t.ctx.db);
    assert.ok(keys.length >= 20, `only ${keys.length} foreign keys found`);
    assert.ok(keys.some((k) => k.key.table === 'messages' && k.key.columns.join() === 'offer_id'));
  });

  it('indexes the columns of every foreign key', async () => {
    assert.deepEqual(await unindexedForeignKeys(t.ctx.db), []);
  });

  it('names a foreign key whose index is dropped', async () => {
    const indexName = 'messages_offer_id_index';
    await t.ctx.db.schema.alterTable('messages', (table) => table.dropIndex(['offer_id'], indexName));
    try {
      assert.deepEqual(await unindexedForeignKeys(t.ctx.db), ['messages(offer_id) → offers']);
    } finally {
      await t.ctx.db.schema.alterTable('messages', (table) => table.index(['offer_id'], indexName));
    }
  });
});
