// Reads the live schema: every foreign key, and whether its columns lead an index (a primary key
// counts). Without one, each cascaded row scans the whole child table.
import type { Db } from '../../src/db';

export interface ForeignKey {
  table: string;
  columns: string[];
  references: string;
}

function leads(index: string[], columns: string[]): boolean {
  return columns.every((column, i) => index[i] === column);
}

async function sqliteForeignKeys(db: Db): Promise<{ key: ForeignKey; indexed: boolean }[]> {
  const tables = (await db.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'")) as {
    name: string;
  }[];
  const found: { key: ForeignKey; indexed: boolean }[] = [];
  for (const { name } of tables) {
    const keys = (await db.raw(`pragma foreign_key_list("${name}")`)) as { id: number; seq: number; table: string; from: string }[];
    if (keys.length === 0) continue;
    const indexes: string[][] = [];
    for (const index of (await db.raw(`pragma index_list("${name}")`)) as { name: string }[]) {
      const info = (await db.raw(`pragma index_info("${index.name}")`)) as { seqno: number; name: string }[];
      indexes.push(info.sort((a, b) => a.seqno - b.seqno).map((c) => c.name));
    }
    // An INTEGER PRIMARY KEY is the rowid itself: no index of its own, yet indexed.
    const columns = (await db.raw(`pragma table_info("${name}")`)) as { name: string; type: string; pk: number }[];
    const [pk, ...more] = columns.filter((c) => c.pk > 0);
    if (pk && more.length === 0 && pk.type.toUpperCase() === 'INTEGER') indexes.push([pk.name]);
    const byId = new Map<number, { table: string; columns: string[] }>();
    for (const key of keys.sort((a, b) => a.seq - b.seq)) {
      const entry = byId.get(key.id) ?? { table: key.table, columns: [] };
      entry.columns.push(key.from);
      byId.set(key.id, entry);
    }
    for (const entry of byId.values()) {
      found.push({
        key: { table: name, columns: entry.columns, references: entry.table },
        indexed: indexes.some((index) => leads(index, entry.columns)),
      });
    }
  }
  return found;
}

async function postgresForeignKeys(db: Db): Promise<{ key: ForeignKey; indexed: boolean }[]> {
  const keys = (
    await db.raw(`
      select c.conrelid::regclass::text as "table", c.confrelid::regclass::text as "references",
        array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n)::text[] as columns,
        exists (select 1 from pg_index i
                where i.indrelid = c.conrelid
                  and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey) as indexed
      from pg_constraint c
      join pg_namespace ns on ns.oid = c.connamespace and ns.nspname = current_schema()
      where c.contype = 'f'`)
  ).rows as { table: string; references: string; columns: string[]; indexed: boolean }[];
  return keys.map((k) => ({ key: { table: k.table, columns: k.columns, references: k.references }, indexed: k.indexed }));
}

/** Every foreign key in the database, each with whether an index leads with its columns. */
export async function foreignKeys(db: Db): Promise<{ key: ForeignKey; indexed: boolean }[]> {
  return db.client.config.client === 'pg' ? postgresForeignKeys(db) : sqliteForeignKeys(db);
}

/** The foreign keys no index leads with, as `table(columns) → table`. */
export async function unindexedForeignKeys(db: Db): Promise<string[]> {
  return (await foreignKeys(db))
    .filter((k) => !k.indexed)
    .map((k) => `${k.key.table}(${k.key.columns.join(', ')}) → ${k.key.references}`)
    .sort();
}
