// The admin's insights, read off running totals that triggers keep as rows are written
// (migrations/…_insight_counts), so a read costs the same at any size.
import { dependsOn, type Store } from '../changes';
import { DELIVERABLE_STATE_LABELS, ROLES } from '../domain';
import { DELIVERABLE_STATES } from './collaborations';

export interface Slice {
  label: string;
  value: number;
  /** The value counted (a status, a state), which picks its colour in the status palette. */
  key?: string;
}

/** A series over time: one row per period, one number per column. */
export interface Trend {
  columns: string[];
  /** A column's status (accepted, paid), which picks its colour in the status palette. */
  keys?: (string | null)[];
  rows: { label: string; values: number[] }[];
}

export interface Insights {
  /** The last 12 weeks (Monday to Sunday, UTC) and the last 6 months, oldest first. */
  trends: { accounts: Trend; offers: Trend; money: Trend };
  flagged: Slice[];
  visibility: Slice[];
  roles: Slice[];
  offers: Slice[];
  topInfluencers: Slice[];
  deliverables: Slice[];
  results: Slice[];
}

const OFFER_STATUSES = [
  ['pending', 'Pending'],
  ['accepted', 'Accepted'],
  ['rejected', 'Declined'],
  ['superseded', 'Replaced by a newer offer'],
] as const;

/** The insights' running totals, by key (migrations/…_insight_counts: kept by triggers as rows are written). */
type Counts = Map<string, number>;

/** The rows of insight_counts beyond which a read folds them into one per key. */
const FOLD_AT = 5000;

/** One slice per known value of a count (`prefix:value`), zero where nothing was counted. */
function slices(counts: Counts, prefix: string, values: readonly (readonly [string, string])[]): Slice[] {
  return values.map(([value, label]) => ({ label, key: value, value: counts.get(`${prefix}:${value}`) ?? 0 }));
}

/** "2026-11" for the month starting at `at` (UTC): the key a month is counted under. */
function monthKey(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const TREND_WEEKS = 12;
export const TREND_MONTHS = 6;
const SHORT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Midnight UTC of the Monday `weeks` weeks before this week's. */
function mondayBefore(at: number, weeks: number): number {
  const day = new Date(at);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * DAY_MS - weeks * WEEK_MS;
}

function trends(counts: Counts, at = Date.now()): Insights['trends'] {
  const start = mondayBefore(at, TREND_WEEKS - 1);
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => start + i * WEEK_MS);
  const first = new Date(at);
  const months = Array.from({ length: TREND_MONTHS + 1 }, (_, i) => Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - TREND_MONTHS + 1 + i, 1));
  const signups = ROLES.filter((r) => r !== 'admin');
  const n = (key: string) => counts.get(key) ?? 0;
  const week = (label: number) => `${SHORT.format(label)}`;
  return {
    accounts: {
      columns: signups.map((r) => r[0]!.toUpperCase() + r.slice(1) + 's'),
      rows: weeks.map((w) => ({ label: week(w), values: signups.map((r) => n(`signup:${r}@${w}`)) })),
    },
    offers: {
      columns: ['Sent', 'Accepted'],
      keys: [null, 'accepted'],
      rows: weeks.map((w) => ({ label: week(w), values: [n(`sent@${w}`), n(`accepted@${w}`)] })),
    },
    money: {
      // Committed: accepted offers by the month they were accepted; paid: by the month they were paid.
      columns: ['Committed ($)', 'Paid ($)'],
      keys: ['accepted', 'paid'],
      rows: months.slice(0, -1).map((m) => ({
        label: MONTH.format(m),
        values: [Math.round(n(`committed@${monthKey(m)}`) / 100), Math.round(n(`paid@${monthKey(m)}`) / 100)],
      })),
    },
  };
}

export function insightsService(store: Store) {
  const { db } = store;
  /** The running totals: a sum by key over a table the size of its keys (plus the writes since the last fold). */
  async function counts(): Promise<Counts> {
    const rows: { key: string; n: number | string }[] = await db('insight_counts').select('key').sum({ n: 'n' }).groupBy('key');
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  return {
    async all(): Promise<Insights> {
      return store.read(dependsOn.insights, 'all', async () => {
        const [total, top] = await Promise.all([
          counts(),
          db('influencer_profiles as p')
            .join('users as u', 'u.id', 'p.user_id')
            .select('u.username', 'p.follower_count')
            .orderBy([
              { column: 'p.follower_count', order: 'desc' },
              { column: 'u.id', order: 'asc' },
            ])
            .limit(20),
        ]);
        await this.foldIfLarge();
        return {
          trends: trends(total),
          flagged: slices(total, 'flagged', [
            ['1', 'Flagged'],
            ['0', 'Not flagged'],
          ]).map((slice) => ({ ...slice, key: slice.key === '1' ? 'true' : 'false' })),
          visibility: slices(total, 'visibility', [
            ['public', 'Public'],
            ['private', 'Private'],
          ]),
          roles: slices(
            total,
            'role',
            ROLES.map((r) => [r, r[0]!.toUpperCase() + r.slice(1) + 's'] as const),
          ),
          offers: slices(total, 'offer', OFFER_STATUSES),
          topInfluencers: top.map((r: { username: string; follower_count: number | string }) => ({ label: r.username, value: Number(r.follower_count) })),
          deliverables: slices(
            total,
            'deliverable',
            DELIVERABLE_STATES.map((state) => [state, DELIVERABLE_STATE_LABELS[state]] as const),
          ),
          results: (['views', 'likes', 'comments', 'clicks'] as const).map((k) => ({ label: k[0]!.toUpperCase() + k.slice(1), value: total.get(k) ?? 0 })),
        };
      });
    },

    /**
     * Folds the running totals into one row per key. Only the rows it deletes are summed (DELETE …
     * RETURNING), so a write committing meanwhile is never lost; the worker folds every minute.
     */
    async fold(): Promise<void> {
      await db.transaction(async (trx) => {
        const last = (await trx('insight_counts').max({ id: 'id' }).first())?.id;
        if (last === null || last === undefined) return;
        const result: unknown = await trx.raw('delete from insight_counts where id <= ? returning key, n', [last]);
        const removed = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { key: string; n: number | string }[];
        const sums = new Map<string, number>();
        for (const r of removed) sums.set(r.key, (sums.get(r.key) ?? 0) + Number(r.n));
        const rows = [...sums].filter(([, n]) => n !== 0).map(([key, n]) => ({ key, n }));
        for (let i = 0; i < rows.length; i += 200) await trx('insight_counts').insert(rows.slice(i, i + 200));
      });
    },

    /** Folds when the writes since the last fold have piled up (a site without a worker). */
    async foldIfLarge(): Promise<void> {
      const row = await db('insight_counts').count<{ n: number }[]>({ n: '*' }).first();
      if (Number(row?.n ?? 0) > FOLD_AT) await this.fold();
    },
  };
}
