// The monthly activity report: an HTML email (inline CSS, readable in a mail client) with a
// plain-text part and the same report as a PDF attachment (pdfkit, no browser). Once per sponsor
// per month, however often its job runs.
import PDFDocument from 'pdfkit';
import type { Config } from '../config';
import { formatDate, formatMoney } from '../format';
import { escapeHtml, type Mailer } from '../mail';
import type { Services } from '../services';
import { type MonthlyReport, previousMonth } from '../services/reports';


export function monthName(month: string): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

function figures(r: MonthlyReport): [string, string][] {
  return [
    ['Offers sent', String(r.offersSent)],
    ['Offers accepted', String(r.offersAccepted)],
    ['Offers rejected', String(r.offersRejected)],
    ['Budget of these campaigns', formatMoney(r.budgetCents)],
    ['Budget committed', formatMoney(r.committedCents)],
    ['Paid', formatMoney(r.paidCents)],
    ['Remaining', formatMoney(r.remainingCents)],
    ['Followers reached', String(r.followersReached)],
  ];
}

export function reportText(r: MonthlyReport): string {
  const lines = [`Hello ${r.username},`, '', `Your activity on Influence Market in ${monthName(r.month)}:`, ''];
  for (const [label, value] of figures(r)) lines.push(`${label}: ${value}`);
  lines.push('', 'Campaigns running that month:');
  if (r.campaigns.length === 0) lines.push('- none');
  for (const c of r.campaigns) {
    lines.push(`- ${c.title} (${formatDate(c.startDate)} – ${formatDate(c.endDate)}): ${formatMoney(c.committedCents)} of ${formatMoney(c.budgetCents)} committed, ${c.influencers} influencer(s)`);
  }
  lines.push('', 'The same report is attached as a PDF.', '', 'Influence Market');
  return lines.join('\n');
}

export function reportHtml(r: MonthlyReport): string {
  const cell = 'padding:6px 10px;border-bottom:1px solid #dcd8e6;text-align:left;';
  const rows = figures(r)
    .map(([label, value]) => `<tr><th style="${cell}font-weight:normal;color:#5d5a6b">${escapeHtml(label)}</th><td style="${cell}font-weight:bold">${escapeHtml(value)}</td></tr>`)
    .join('');
  const campaigns = r.campaigns.length
    ? r.campaigns
        .map(
          (c) =>
            `<tr><td style="${cell}">${escapeHtml(c.title)}</td><td style="${cell}">${escapeHtml(formatDate(c.startDate))} – ${escapeHtml(formatDate(c.endDate))}</td><td style="${cell}">${escapeHtml(formatMoney(c.committedCents))} / ${escapeHtml(formatMoney(c.budgetCents))}</td><td style="${cell}">${c.influencers}</td></tr>`,
        )
        .join('')
    : `<tr><td style="${cell}" colspan="4">No campaign ran that month.</td></tr>`;
  return `<!doctype html><html><body style="margin:0;padding:24px;background:#faf9fc;font-family:Arial,Helvetica,sans-serif;color:#1d1b26">
<div style="max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #dcd8e6;border-radius:8px;padding:24px">
<h1 style="font-size:22px;color:#5b3cc4;margin:0 0 8px">Your ${escapeHtml(monthName(r.month))} report</h1>
<p style="margin:0 0 16px">Hello ${escapeHtml(r.username)}, here is what your campaigns did.</p>
<table style="border-collapse:collapse;width:100%;margin-bottom:20px">${rows}</table>
<h2 style="font-size:16px;margin:0 0 8px">Campaigns running that month</h2>
<table style="border-collapse:collapse;width:100%"><tr><th style="${cell}">Campaign</th><th style="${cell}">Runs</th><th style="${cell}">Committed / budget</th><th style="${cell}">Influencers</th></tr>${campaigns}</table>
<p style="margin:20px 0 0;color:#5d5a6b;font-size:13px">The same report is attached as a PDF.</p>
</div></body></html>`;
}

export function reportPdf(r: MonthlyReport): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Influence Market report, ${monthName(r.month)}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(20).fillColor('#5b3cc4').text(`Your ${monthName(r.month)} report`);
    doc.moveDown(0.5).fontSize(11).fillColor('#1d1b26').text(`Sponsor: ${r.username}`);
    doc.moveDown();
    for (const [label, value] of figures(r)) doc.text(`${label}: ${value}`);
    doc.moveDown().fontSize(14).text('Campaigns running that month');
    doc.moveDown(0.3).fontSize(11);
    if (r.campaigns.length === 0) doc.text('None.');
    for (const c of r.campaigns) {
      doc.text(`${c.title} (${formatDate(c.startDate)} – ${formatDate(c.endDate)}): ${formatMoney(c.committedCents)} of ${formatMoney(c.budgetCents)} committed, ${c.influencers} influencer(s)`);
    }
    doc.end();
  });
}

export async function processMonthlyReport(services: Services, mailer: Mailer, sponsorId: number, month: string): Promise<string> {
  const report = await services.reports.monthly(sponsorId, month);
  if (!report) return 'gone';
  if (!(await services.reports.claimSend('monthly-report', sponsorId, month))) return 'already-sent';
  try {
    await mailer.send({
      to: report.email,
      subject: `Your Influence Market report for ${monthName(month)}`,
      text: reportText(report),
      html: reportHtml(report),
      attachments: [{ filename: `report-${month}.pdf`, content: await reportPdf(report), contentType: 'application/pdf' }],
    });
    return 'sent';
  } catch (err) {
    await services.reports.releaseSend('monthly-report', sponsorId, month);
    throw err;
  }
}

/** On the 1st of a month, plans last month's reports: the first worker to claim the month does. */
export async function scheduleMonthlyReports(_config: Config, services: Services, at = new Date()): Promise<number | null> {
  if (at.getUTCDate() !== 1) return null;
  const month = previousMonth(at);
  if (!(await services.reminders.claimRun('monthly-report', month))) return null;
  return services.reports.plan(month);
}
