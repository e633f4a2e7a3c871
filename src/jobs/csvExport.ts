// Builds a sponsor's CSV export. Idempotent: a job run twice (bee-queue is at-least-once) builds
// the file again at most, and sends the "ready" email once.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { escapeHtml, type Mailer } from '../mail';
import type { Services } from '../services';

export function exportsDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'exports');
}

export async function processCsvExport(config: Config, services: Services, mailer: Mailer, exportId: number): Promise<string> {
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
      const link = `${config.publicUrl}/sponsor/exports`;
      await mailer.send({
        to: sponsor.email,
        subject: 'Your campaign export is ready',
        text: `Hello ${sponsor.username},\n\nThe CSV export of your campaigns is ready. Download it from ${link}\n\nInfluence Market`,
        html: `<p>Hello ${escapeHtml(sponsor.username)},</p><p>The CSV export of your campaigns is ready. <a href="${link}">Download it</a>.</p><p>Influence Market</p>`,
      });
    }
    await services.exports.markNotified(job.id);
  }
  return 'ready';
}

