// The Knex instance. SQLite (better-sqlite3) is the embedded default; PostgreSQL is for scale.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { rootDir } from './config';

export type Db = Knex;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** How SQLite uses memory: its page cache and how much of the file it maps (`Config.sqlite`). */
export interface SqliteTuning {
  cacheMb: number;
  mmapMb: number;
}

/** The defaults of SQLITE_CACHE_MB and SQLITE_MMAP_MB, for tools that open a database without a Config. */
export const DEFAULT_SQLITE_TUNING: SqliteTuning = { cacheMb: 64, mmapMb: 1024 };

/**
 * How long one SQLite call waits for another process's write lock. better-sqlite3 waits inside the
 * call, so the event loop stops meanwhile: the wait is kept short, and a write that still finds the
 * lock taken is tried again after an asynchronous pause (the loop goes on) until BUSY_GIVE_UP_MS.
 */
const BUSY_TIMEOUT_MS = 20;
const BUSY_GIVE_UP_MS = 10_000;

export function createDb(databaseUrl: string, tuning: SqliteTuning = DEFAULT_SQLITE_TUNING): Db {
  if (isPostgresUrl(databaseUrl)) {
    // node-postgres returns BIGINT (our timestamps, COUNT(*)) as strings unless told otherwise;
    // every such value we store fits in a double.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require('pg') as typeof import('pg');
    pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
    return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 } });
  }
  const filename = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(rootDir, filename)), { recursive: true });
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: filename === ':memory:' ? filename : path.resolve(rootDir, filename) },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous: one connection serialises queries and transactions, so a
    // write never meets SQLITE_BUSY from our own process; other processes (the worker) are waited for.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown; prepare(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        // The timeout first: switching to WAL takes a lock that another process may hold.
        conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS * 50}`);
        conn.pragma('journal_mode = WAL');
        conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        // The default page cache is 2 MB: far too little for a file of hundreds of MB.
        conn.pragma(`cache_size = -${tuning.cacheMb * 1024}`);
        conn.pragma(`mmap_size = ${tuning.mmapMb * 1024 * 1024}`);
        conn.pragma('temp_store = MEMORY');
        keepPreparedStatements(conn);
        done(null, conn);
      },
    },
  });
  waitForOtherWriters(db);
  return db;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Another process (the worker) writing must never turn a person's write into a 500:
 * - every transaction starts with BEGIN IMMEDIATE, taking the write lock up front, where waiting
 *   for it is safe (a deferred BEGIN that read first cannot wait: SQLite answers BUSY at once);
 * - a BEGIN, or a statement outside a transaction, that finds the lock taken is tried again after
 *   an asynchronous pause, for up to BUSY_GIVE_UP_MS, so the event loop serves everyone else meanwhile.
 */
/** Runs `attempt` again after a growing asynchronous pause while SQLite answers BUSY, up to BUSY_GIVE_UP_MS. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + BUSY_GIVE_UP_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function waitForOtherWriters(db: Db): void {
  type Connection = { inTransaction: boolean };
  // knex's own SQLite client internals: its transactions say BEGIN; ours say BEGIN IMMEDIATE.
  const client = db.client as {
    transaction(...args: unknown[]): { begin(conn: unknown): Promise<unknown>; query(conn: unknown, sql: string): Promise<unknown> };
    _query(connection: Connection, obj: unknown): Promise<unknown>;
  };
  const transaction = client.transaction.bind(client);
  client.transaction = (...args: unknown[]) => {
    const trx = transaction(...args);
    trx.begin = (conn: unknown) => retrying(() => trx.query(conn, 'BEGIN IMMEDIATE;'));
    return trx;
  };
  const query = client._query.bind(client);
  client._query = (connection: Connection, obj: unknown) => (connection.inTransaction ? query(connection, obj) : retrying(() => query(connection, obj)));
}

const KEPT_STATEMENTS = 500;

/**
 * Knex prepares every query anew on better-sqlite3 (SQLite parses and plans it each time: about a
 * tenth of a dashboard's CPU); the same few hundred query shapes run over and over, so each
 * connection keeps its prepared statements by SQL text, the oldest going when there are too many.
 * Sharing one is safe: knex runs a statement to its end at once (`all`/`run` are synchronous) and
 * sets none of its modes, and SQLite prepares a statement again by itself after a schema change.
 */
function keepPreparedStatements(conn: { prepare(sql: string): unknown }): void {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement === undefined) {
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      statement = prepare(sql);
      kept.set(sql, statement);
    }
    return statement;
  };
}

export const migrationsDir = path.join(rootDir, 'migrations');
export const seedsDir = path.join(rootDir, 'seeds');

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ directory: migrationsDir, loadExtensions: ['.ts'] })) as [
    number,
    string[],
  ];
  return applied;
}

/** Lets the event loop serve what is waiting (other requests) before a long job's next step. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Milliseconds since the epoch: how every `*_at` column stores time, on SQLite and PostgreSQL alike. */
export function now(): number {
  return Date.now();
}

/** True when the error is a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Loads the demo data set (seeds/), replacing what its tables held. */
export async function runSeeds(db: Db): Promise<void> {
  await db.seed.run({ directory: seedsDir, loadExtensions: ['.ts'] });
}

interface SqliteConnection {
  prepare(sql: string): { get(...bindings: unknown[]): unknown };
}

interface PgConnection {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}
/** Each hot query as PostgreSQL wants it ($1, $2…), under a statement name of its own. */
const pgStatements = new Map<string, { name: string; text: string }>();

/** Runs `use` on one of the pool's raw driver connections, given back afterwards. */
async function onConnection<C, R>(db: Db, use: (connection: C) => R | Promise<R>): Promise<R> {
  const client = db.client as { acquireConnection(): Promise<C>; releaseConnection(c: C): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * The first row of a fixed query that runs very often (the chat poll, the session), without
 * knex's query building: on SQLite through the connection's kept statements
 * ({@link keepPreparedStatements}), on PostgreSQL as a named statement (parsed and planned once per
 * connection). `sql` uses `?` placeholders (and no `?` of its own) and must be a constant.
 */
export async function hotRow<T>(db: Db, sql: string, bindings: readonly (string | number)[]): Promise<T | undefined> {
  if (db.client.config.client === 'pg') {
    let statement = pgStatements.get(sql);
    if (!statement) {
      let n = 0;
      statement = { name: `hot_${pgStatements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      pgStatements.set(sql, statement);
    }
    const named = statement;
    return onConnection(db, async (connection: PgConnection) => (await connection.query({ ...named, values: bindings })).rows[0] as T | undefined);
  }
  // A hot read waits for other processes' locks as every other statement does (a reader can meet
  // BUSY in WAL mode while another process checkpoints or resets the log: that was a 500).
  return retrying(() => onConnection(db, (connection: SqliteConnection) => connection.prepare(sql).get(...bindings) as T | undefined));
}
