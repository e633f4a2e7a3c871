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

export interface Insights {
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

export function insightsService(db: Db) {
  return {
    async all(): Promise<Insights> {
      const [flagged, visibility, roles, offers, top, deliverables, results] = await Promise.all([
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
