// Builds a sponsor's CSV export. Idempotent: a job run twice (bee-queue is at-least-once) builds
// the file again at most, and sends the "ready" email once.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportsDir } from '../services/exports';
import { renderEmail } from './emails';
import type { JobDeps } from './registry';

export async function processCsvExport({ config, services, mailer }: JobDeps, exportId: number): Promise<string> {
  const job = await services.exports.get(exportId);
  if (!job) return 'gone';
  if (job.status !== 'ready') {
    await services.exports.setStatus(job.id, 'running');
    const { csv, rows } = await services.exports.buildCsv(job.sponsorId);
    const fileName = `export-${job.id}.csv`;
    mkdirSync(exportsDir(config), { recursive: true });
    writeFileSync(path.join(exportsDir(config), fileName), csv, 'utf8');
    await services.exports.setStatus(job.id, 'ready', { fileName, rowCount: rows });
  }
  if (!job.notifiedAt) {
    const sponsor = await services.users.getAccount(job.sponsorId);
    if (sponsor) {
      await mailer.send({ to: sponsor.email, ...renderEmail('export-ready', 'Your campaign export is ready', { username: sponsor.username, publicUrl: config.publicUrl }) });
    }
    await services.exports.markNotified(job.id);
  }
  return 'ready';
}

