// CSV exports of a sponsor's campaigns: asked for on the web, built by the worker.
import path from 'node:path';
import type { Config } from '../config';
import { record, type Store } from '../changes';
import { now } from '../db';
import { committedCents, paidCents } from './budget';
import { NotFound } from '../errors';
import { enqueue } from './outbox';

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed';

/** Whether any of these exports is still being built (the list then refreshes itself). */
export function inProgress(exports: Pick<ExportRow, 'status'>[]): boolean {
  return exports.some((e) => e.status === 'queued' || e.status === 'running');
}

export interface ExportRow {
  id: number;
  sponsorId: number;
  status: ExportStatus;
  fileName: string | null;
  rowCount: number | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
  notifiedAt: number | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toExport(r: any): ExportRow {
  return {
    id: r.id,
    sponsorId: r.sponsor_id,
    status: r.status,
    fileName: r.file_name,
    rowCount: r.row_count === null ? null : Number(r.row_count),
    error: r.error,
    createdAt: Number(r.created_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    notifiedAt: r.notified_at === null ? null : Number(r.notified_at),
  };
}

export const CSV_COLUMNS = [
  'campaign_id',
  'title',
  'start_date',
  'end_date',
  'budget',
  'visibility',
  'flagged',
  'offers',
  'pending',
  'accepted',
  'rejected',
  'committed',
  'paid',
  'deliverables',
  'deliverables_approved',
  'views',
  'likes',
  'comments',
  'clicks',
] as const;

/**
 * One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). Text that a
 * spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) gets
 * a leading apostrophe, as OWASP recommends against CSV injection: it shows as typed, never runs.
 */
export function csvField(value: string | number): string {
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Cents as a plain decimal (4000.00), from integers only. */
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export function exportsService(store: Store) {
  const { db } = store;
  return {
    /** Records the request and its background job in one transaction: nothing is lost if Redis is down. */
    async request(sponsorId: number): Promise<number> {
      return store.write(async (trx) => {
        const [row] = await trx('exports').insert({ sponsor_id: sponsorId, status: 'queued', created_at: now() }).returning('id');
        const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
        await enqueue(trx, 'exports', { exportId: id }, `export:${id}`);
        return id;
      });
    },

    async listForSponsor(sponsorId: number, limit = 20): Promise<ExportRow[]> {
      const rows = await db('exports')
        .where({ sponsor_id: sponsorId })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit);
      return rows.map(toExport);
    },

    async get(id: number): Promise<ExportRow | undefined> {
      const row = await db('exports').where({ id }).first();
      return row && toExport(row);
    },

    /** The sponsor's own export when it is ready to download, else NotFound. */
    async getDownload(id: number, sponsorId: number): Promise<ExportRow & { fileName: string }> {
      const row = await db('exports').where({ id, sponsor_id: sponsorId }).first();
      const found = row && toExport(row);
      if (!found || found.status !== 'ready' || !found.fileName) throw new NotFound('That export');
      return found as ExportRow & { fileName: string };
    },

    /** Ready exports the sponsor has not been told about yet; telling marks them seen. */
    async takeReadyNotices(sponsorId: number): Promise<ExportRow[]> {
      const rows = await db('exports').where({ sponsor_id: sponsorId, status: 'ready' }).whereNull('seen_at').limit(5);
      if (rows.length) await db('exports').whereIn('id', rows.map((r) => r.id)).update({ seen_at: now() });
      return rows.map(toExport);
    },

    /** Moves an export on; returns the sponsor it belongs to (nothing for an unknown export). */
    async setStatus(id: number, status: ExportStatus, changes: { fileName?: string; rowCount?: number; error?: string } = {}): Promise<{ sponsorId: number } | undefined> {
      const finished = status === 'ready' || status === 'failed';
      return store.write(async (trx) => {
        const [row] = await trx('exports')
          .where({ id })
          .update({ status, file_name: changes.fileName, row_count: changes.rowCount, error: changes.error ?? null, finished_at: finished ? now() : null })
          .returning('sponsor_id');
        if (!row) return undefined;
        const sponsorId = Number((row as { sponsor_id: number }).sponsor_id);
        if (finished) record(trx, { kind: 'export-finished', sponsorId });
        return { sponsorId };
      });
    },

    async markNotified(id: number): Promise<void> {
      await db('exports').where({ id }).update({ notified_at: now() });
    },

    /** The CSV of every campaign of the sponsor, one row each with its offers' aggregates. */
    async buildCsv(sponsorId: number): Promise<{ csv: string; rows: number }> {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const rows: any[] = await db('campaigns as c')
        .leftJoin('offers as o', 'o.campaign_id', 'c.id')
        .select('c.id', 'c.title', 'c.start_date', 'c.end_date', 'c.budget_cents', 'c.visibility', 'c.flagged')
        .count({ offers: 'o.id' })
        .sum({ pending: db.raw(`case when o.status = 'pending' then 1 else 0 end`) })
        .sum({ accepted: db.raw(`case when o.status = 'accepted' then 1 else 0 end`) })
        .sum({ rejected: db.raw(`case when o.status = 'rejected' then 1 else 0 end`) })
        .sum({ committed: committedCents(db) })
        .sum({ paid: paidCents(db) })
        .where('c.sponsor_id', sponsorId)
        .groupBy('c.id', 'c.title', 'c.start_date', 'c.end_date', 'c.budget_cents', 'c.visibility', 'c.flagged')
        .orderBy('c.id');
      // Each campaign's deliverables and their results, over its collaborations (accepted offers).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const work: any[] = await db('deliverables as d')
        .join('offers as o', 'o.id', 'd.offer_id')
        .join('campaigns as c', 'c.id', 'o.campaign_id')
        .where({ 'c.sponsor_id': sponsorId, 'o.status': 'accepted' })
        .select('o.campaign_id')
        .count({ deliverables: 'd.id' })
        .sum({ approved: db.raw(`case when d.state = 'approved' then 1 else 0 end`) })
        .sum({ views: 'd.views', likes: 'd.likes', comments: 'd.comments', clicks: 'd.clicks' })
        .groupBy('o.campaign_id');
      const workOf = new Map(work.map((w) => [w.campaign_id, w]));
      const lines = [CSV_COLUMNS.join(',')];
      for (const r of rows) {
        const w = workOf.get(r.id);
        lines.push(
          [
            r.id,
            r.title,
            r.start_date,
            r.end_date,
            money(Number(r.budget_cents)),
            r.visibility,
            r.flagged ? 'yes' : 'no',
            Number(r.offers),
            Number(r.pending ?? 0),
            Number(r.accepted ?? 0),
            Number(r.rejected ?? 0),
            money(Number(r.committed ?? 0)),
            money(Number(r.paid ?? 0)),
            Number(w?.deliverables ?? 0),
            Number(w?.approved ?? 0),
            Number(w?.views ?? 0),
            Number(w?.likes ?? 0),
            Number(w?.comments ?? 0),
            Number(w?.clicks ?? 0),
          ]
            .map(csvField)
            .join(','),
        );
      }
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: rows.length };
    },
  };
}

export type ExportsService = ReturnType<typeof exportsService>;

/** Where the worker writes finished exports, and the download reads them. */
export function exportsDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'exports');
}
