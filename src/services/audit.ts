// The admin audit trail: each moderation action writes its row in the transaction that takes it
// (services call recordAudit), and the admin reads the trail newest first, by action.
import type { Knex } from 'knex';
import { type Db, now } from '../db';

export const AUDIT_ACTIONS = ['approve', 'reject', 'suspend', 'restore', 'delete', 'flag', 'unflag', 'resolve_dispute', 'verify_figures', 'unverify_figures'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_LABELS: Record<AuditAction, string> = {
  approve: 'Approved',
  reject: 'Turned down',
  suspend: 'Suspended',
  restore: 'Restored',
  delete: 'Deleted',
  flag: 'Flagged',
  unflag: 'Unflagged',
  resolve_dispute: 'Resolved a dispute',
  verify_figures: 'Verified platform figures',
  unverify_figures: 'Withdrew a verification',
};

export const AUDIT_PAGE_SIZE = 50;

/** Who took an action: the signed-in admin (none for the command line and tests: "system"). */
export interface Actor {
  id: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  adminId: number | null;
  adminUsername: string;
  action: AuditAction;
  targetType: 'account' | 'campaign' | 'dispute';
  targetId: number;
  targetLabel: string;
  reason: string | null;
}

/** Records an admin action inside the caller's transaction. */
export async function recordAudit(
  q: Knex | Knex.Transaction,
  by: Actor | undefined,
  entry: { action: AuditAction; targetType: AuditEntry['targetType']; targetId: number; targetLabel: string; reason?: string | null },
): Promise<void> {
  const admin = by ? await q('users').where({ id: by.id }).first('username') : undefined;
  await q('admin_audit').insert({
    at: now(),
    admin_id: by?.id ?? null,
    admin_username: admin?.username ?? 'system',
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    target_label: entry.targetLabel.slice(0, 200),
    reason: entry.reason ?? null,
  });
}

interface AuditRow {
  id: number;
  at: number | string;
  admin_id: number | null;
  admin_username: string;
  action: AuditAction;
  target_type: AuditEntry['targetType'];
  target_id: number;
  target_label: string;
  reason: string | null;
}

export function auditService(db: Db) {
  return {
    /** The trail, newest first; `action` narrows it to one kind. */
    async list(action: AuditAction | null, page = 1): Promise<{ entries: AuditEntry[]; total: number }> {
      const base = db('admin_audit').modify((q) => {
        if (action) q.where({ action });
      });
      const [rows, counted] = await Promise.all([
        base.clone().select('*').orderBy('id', 'desc').limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE),
        base.clone().count<{ n: number }[]>({ n: '*' }).first(),
      ]);
      const entries = (rows as AuditRow[]).map(
        (r): AuditEntry => ({
          id: r.id,
          at: Number(r.at),
          adminId: r.admin_id,
          adminUsername: r.admin_username,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          targetLabel: r.target_label,
          reason: r.reason,
        }),
      );
      return { entries, total: Number(counted?.n ?? 0) };
    },
  };
}

/** A campaign as the audit trail names it: its title and its sponsor. */
export async function campaignTarget(trx: Knex.Transaction, id: number) {
  const row = await trx('campaigns as c').join('users as u', 'u.id', 'c.sponsor_id').where('c.id', id).first('c.title', 'u.username');
  return { targetType: 'campaign' as const, targetId: id, targetLabel: `“${row?.title ?? ''}” by ${row?.username ?? 'a deleted account'}` };
}
