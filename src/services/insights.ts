// The admin's insights: counts by group, computed by the database (GROUP BY), never by loading rows.
import type { Db } from '../db';
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

/** Counts of `column` in `table`, one slice per known value (zero when absent). */
async function groupCount(db: Db, table: string, column: string, values: readonly (readonly [string | boolean, string])[]): Promise<Slice[]> {
  const rows: { key: unknown; n: number | string }[] = await db(table).select(`${column} as key`).count({ n: '*' }).groupBy(column);
  // SQLite returns booleans as 0/1: compare as numbers then.
  const norm = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  return values.map(([value, label]) => ({
    label,
    key: String(value),
    value: Number(rows.find((r) => norm(r.key) === norm(value))?.n ?? 0),
  }));
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

/** Counts of rows per week since `start`, by `by` (one GROUP BY: the week is a division of the time). */
async function perWeek(db: Db, table: string, time: string, start: number, where: (q: ReturnType<Db>) => void, by?: string): Promise<Map<string, number>> {
  const rows: { key: unknown; week: number | string; n: number | string }[] = await db(table)
    .select(db.raw(`${by ?? "'all'"} as key`), db.raw(`cast((${time} - ?) / ? as integer) as week`, [start, WEEK_MS]))
    .count({ n: '*' })
    .where(time, '>=', start)
    .modify(where)
    .groupBy(by ? [by, 'week'] : ['week']);
  return new Map(rows.map((r) => [`${String(r.key)}:${Number(r.week)}`, Number(r.n)]));
}

/** The budgets of offers whose `time` falls in each month (between consecutive `bounds`), in cents. */
async function perMonth(db: Db, time: string, bounds: number[], where: (q: ReturnType<Db>) => void): Promise<number[]> {
  const row: Record<string, unknown> | undefined = await db('offers')
    .select(bounds.slice(0, -1).map((_, i) => db.raw(`sum(case when ${time} < ? then budget_cents else 0 end) as m${i}`, [bounds[i + 1]!])))
    .where(time, '>=', bounds[0]!)
    .where(time, '<', bounds[bounds.length - 1]!)
    .modify(where)
    .first();
  // Each column sums everything before its month's end: the month is the difference.
  const upTo = bounds.slice(0, -1).map((_, i) => Number(row?.[`m${i}`] ?? 0));
  return upTo.map((total, i) => total - (i === 0 ? 0 : upTo[i - 1]!));
}

async function trends(db: Db, at = Date.now()): Promise<Insights['trends']> {
  const start = mondayBefore(at, TREND_WEEKS - 1);
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => start + i * WEEK_MS);
  const first = new Date(at);
  const months = Array.from({ length: TREND_MONTHS + 1 }, (_, i) => Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - TREND_MONTHS + 1 + i, 1));
  const signups = ROLES.filter((r) => r !== 'admin');
  const [accounts, sent, accepted, committed, paid] = await Promise.all([
    perWeek(db, 'users', 'created_at', start, (q) => q.whereIn('role', signups), 'role'),
    perWeek(db, 'offers', 'created_at', start, () => undefined),
    perWeek(db, 'offers', 'answered_at', start, (q) => q.where('status', 'accepted')),
    // Committed: accepted offers by the month they were accepted; paid: by the month they were paid
    // (each read off its time's index).
    perMonth(db, 'answered_at', months, (q) => q.where('status', 'accepted')),
    perMonth(db, 'paid_at', months, () => undefined),
  ]);
  const week = (label: number) => `${SHORT.format(label)}`;
  return {
    accounts: {
      columns: signups.map((r) => r[0]!.toUpperCase() + r.slice(1) + 's'),
      rows: weeks.map((w, i) => ({ label: week(w), values: signups.map((r) => accounts.get(`${r}:${i}`) ?? 0) })),
    },
    offers: {
      columns: ['Sent', 'Accepted'],
      keys: [null, 'accepted'],
      rows: weeks.map((w, i) => ({ label: week(w), values: [sent.get(`all:${i}`) ?? 0, accepted.get(`all:${i}`) ?? 0] })),
    },
    money: {
      columns: ['Committed ($)', 'Paid ($)'],
      keys: ['accepted', 'paid'],
      rows: months.slice(0, -1).map((m, i) => ({
        label: MONTH.format(m),
        values: [Math.round((committed[i] ?? 0) / 100), Math.round((paid[i] ?? 0) / 100)],
      })),
    },
  };
}

export function insightsService(db: Db) {
  return {
    async all(): Promise<Insights> {
      const [trend, flagged, visibility, roles, offers, top, deliverables, results] = await Promise.all([
        trends(db),
        groupCount(db, 'campaigns', 'flagged', [
          [true, 'Flagged'],
          [false, 'Not flagged'],
        ]),
        groupCount(db, 'campaigns', 'visibility', [
          ['public', 'Public'],
          ['private', 'Private'],
        ]),
        groupCount(
          db,
          'users',
          'role',
          ROLES.map((r) => [r, r[0]!.toUpperCase() + r.slice(1) + 's'] as const),
        ),
        groupCount(db, 'offers', 'status', OFFER_STATUSES),
        db('influencer_profiles as p')
          .join('users as u', 'u.id', 'p.user_id')
          .select('u.username', 'p.follower_count')
          .orderBy([
            { column: 'p.follower_count', order: 'desc' },
            { column: 'u.id', order: 'asc' },
          ])
          .limit(20),
        groupCount(
          db,
          'deliverables',
          'state',
          DELIVERABLE_STATES.map((state) => [state, DELIVERABLE_STATE_LABELS[state]] as const),
        ),
        db('deliverables').sum({ views: 'views', likes: 'likes', comments: 'comments', clicks: 'clicks' }).first(),
      ]);
      return {
        trends: trend,
        flagged,
        visibility,
        roles,
        offers,
        topInfluencers: top.map((r: { username: string; follower_count: number | string }) => ({ label: r.username, value: Number(r.follower_count) })),
        deliverables,
        results: (['views', 'likes', 'comments', 'clicks'] as const).map((k) => ({ label: k[0]!.toUpperCase() + k.slice(1), value: Number(results?.[k] ?? 0) })),
      };
    },
  };
}
