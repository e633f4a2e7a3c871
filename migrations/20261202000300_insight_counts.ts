// The admin's insights, kept up to date as writes happen instead of aggregated over the whole
// history on every cache miss (0.7–2.0 s at ten times the bench data). Triggers on users,
// campaigns, offers and deliverables add one row per thing they change to `insight_counts`:
// +1 under `offer:accepted`, −1 under `offer:pending`, +budget under `committed@2026-11`… The
// reader sums by key (src/services/insights.ts), and the rows are folded into one per key now and
// then, so the table stays the size of its keys. Deltas are plain inserts, never updates of a
// shared row: concurrent writers never wait for, or deadlock on, a counter (PostgreSQL).
// Triggers, not service code, so that no write path (a cascade, a purge, a seed) can miss one.
import type { Knex } from 'knex';

type Dialect = 'sqlite' | 'pg';

/** One thing a row counts for: under `key`, `delta`, when `when` holds. `r` is the row's alias. */
interface Contribution {
  key: (r: string, d: Dialect) => string;
  delta: (r: string) => string;
  when?: (r: string) => string;
}

/** The Monday (UTC) of the week holding the time `t` (ms since the epoch; 1970-01-05 was a Monday), as text. */
const week = (t: string) => `cast(${t} - ((${t} - 345600000) % 604800000) as text)`;
/** The month (UTC) of the time `t`, as YYYY-MM. */
const month = (t: string, d: Dialect) =>
  d === 'sqlite' ? `strftime('%Y-%m', ${t} / 1000, 'unixepoch')` : `to_char(to_timestamp(${t} / 1000.0) at time zone 'UTC', 'YYYY-MM')`;

export const CONTRIBUTIONS: Record<string, { columns: string[]; counts: Contribution[] }> = {
  users: {
    columns: ['role', 'created_at'],
    counts: [
      { key: (r) => `'role:' || ${r}.role`, delta: () => '1' },
      { key: (r) => `'signup:' || ${r}.role || '@' || ${week(`${r}.created_at`)}`, delta: () => '1', when: (r) => `${r}.role <> 'admin'` },
    ],
  },
  campaigns: {
    columns: ['flagged', 'visibility'],
    counts: [
      { key: (r) => `'flagged:' || (case when ${r}.flagged then '1' else '0' end)`, delta: () => '1' },
      { key: (r) => `'visibility:' || ${r}.visibility`, delta: () => '1' },
    ],
  },
  offers: {
    columns: ['status', 'created_at', 'answered_at', 'paid_at', 'budget_cents'],
    counts: [
      { key: (r) => `'offer:' || ${r}.status`, delta: () => '1' },
      { key: (r) => `'sent@' || ${week(`${r}.created_at`)}`, delta: () => '1' },
      { key: (r) => `'accepted@' || ${week(`${r}.answered_at`)}`, delta: () => '1', when: (r) => `${r}.status = 'accepted' and ${r}.answered_at is not null` },
      {
        key: (r, d) => `'committed@' || ${month(`${r}.answered_at`, d)}`,
        delta: (r) => `${r}.budget_cents`,
        when: (r) => `${r}.status = 'accepted' and ${r}.answered_at is not null`,
      },
      { key: (r, d) => `'paid@' || ${month(`${r}.paid_at`, d)}`, delta: (r) => `${r}.budget_cents`, when: (r) => `${r}.paid_at is not null` },
    ],
  },
  deliverables: {
    columns: ['state', 'views', 'likes', 'comments', 'clicks'],
    counts: [
      { key: (r) => `'deliverable:' || ${r}.state`, delta: () => '1' },
      ...(['views', 'likes', 'comments', 'clicks'] as const).map((k) => ({ key: () => `'${k}'`, delta: (r: string) => `coalesce(${r}.${k}, 0)` })),
    ],
  },
};

/** The statements that add `sign` × each contribution of row `r`. */
function inserts(counts: Contribution[], r: string, sign: '' | '-', d: Dialect): string {
  return counts
    .map((c) => `insert into insight_counts (key, n) select ${c.key(r, d)}, ${sign}(${c.delta(r)})${c.when ? ` where ${c.when(r)}` : ' where 1 = 1'};`)
    .join('\n  ');
}

export async function up(knex: Knex): Promise<void> {
  const d: Dialect = knex.client.config.client === 'pg' ? 'pg' : 'sqlite';
  await knex.schema.createTable('insight_counts', (t) => {
    t.increments('id').primary();
    t.string('key', 80).notNullable();
    t.bigInteger('n').notNullable();
    t.index(['key']);
  });
  for (const [table, { columns, counts }] of Object.entries(CONTRIBUTIONS)) {
    // What the table holds now.
    for (const c of counts) {
      await knex.raw(`insert into insight_counts (key, n) select ${c.key('r', d)}, sum(${c.delta('r')}) from ${table} r${c.when ? ` where ${c.when('r')}` : ''} group by 1`);
    }
    if (d === 'sqlite') {
      await knex.raw(`create trigger ${table}_insights_insert after insert on ${table} begin\n  ${inserts(counts, 'new', '', d)}\nend`);
      await knex.raw(`create trigger ${table}_insights_delete after delete on ${table} begin\n  ${inserts(counts, 'old', '-', d)}\nend`);
      const changed = columns.map((c) => `old.${c} is not new.${c}`).join(' or ');
      await knex.raw(
        `create trigger ${table}_insights_update after update of ${columns.join(', ')} on ${table} when ${changed} begin\n  ${inserts(counts, 'old', '-', d)}\n  ${inserts(counts, 'new', '', d)}\nend`,
      );
    } else {
      await knex.raw(`create function ${table}_insights() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
  ${inserts(counts, 'old', '-', d)}
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
  ${inserts(counts, 'new', '', d)}
  end if;
  return null;
end $$`);
      const changed = columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
      await knex.raw(`create trigger ${table}_insights_write after insert or delete on ${table} for each row execute function ${table}_insights()`);
      await knex.raw(
        `create trigger ${table}_insights_update after update of ${columns.join(', ')} on ${table} for each row when (${changed}) execute function ${table}_insights()`,
      );
    }
  }
  // Fold the backfill into one row per key.
  await knex.raw('create temporary table insight_folded as select key, sum(n) as n from insight_counts group by key');
  await knex('insight_counts').del();
  await knex.raw('insert into insight_counts (key, n) select key, n from insight_folded where n <> 0');
  await knex.raw('drop table insight_folded');
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  for (const table of Object.keys(CONTRIBUTIONS)) {
    if (pg) {
      await knex.raw(`drop trigger if exists ${table}_insights_write on ${table}`);
      await knex.raw(`drop trigger if exists ${table}_insights_update on ${table}`);
      await knex.raw(`drop function if exists ${table}_insights()`);
    } else {
      for (const op of ['insert', 'delete', 'update']) await knex.raw(`drop trigger if exists ${table}_insights_${op}`);
    }
  }
  await knex.schema.dropTable('insight_counts');
}
