// Another process's lock never answers 500: a hot read (the session behind every request, the chat
// poll) waits when SQLite answers BUSY, as every other statement does (a reader can meet BUSY in
// WAL mode while another process checkpoints or resets the log; under the suite's load the follow
// requests of tests/jobs/planning-under-writes.test.ts met it as a 500).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hotRow } from '../../src/db';
import { onPostgres, withTestApp } from '../support/app';

const app = withTestApp();

describe('a hot read that meets SQLITE_BUSY', { skip: onPostgres && 'SQLite locks only' }, () => {
  it('is tried again after a pause, and answers', async () => {
    type Statement = { get(...args: unknown[]): unknown };
    type Connection = { prepare(sql: string): Statement };
    const client = app.t.ctx.db.client as { acquireConnection(): Promise<Connection>; releaseConnection(c: Connection): Promise<void> };
    const connection = await client.acquireConnection();
    await client.releaseConnection(connection);
    // The connection answers BUSY three times, as SQLite does while another process holds the lock.
    const prepare = connection.prepare;
    let busy = 3;
    connection.prepare = function (this: Connection, sql: string): Statement {
      const statement = prepare.call(this, sql);
      return {
        get: (...args: unknown[]) => {
          if (busy-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          return statement.get(...args);
        },
      };
    };
    try {
      const row = await hotRow<{ n: number }>(app.t.ctx.db, 'select count(*) as n from users where id > ?', [0]);
      assert.equal(Number(row?.n), 0);
      assert.equal(busy, -1, 'it was tried until the lock was free');
    } finally {
      connection.prepare = prepare;
    }
  });
});
