// The monthly activity report: an HTML email (views/emails/monthly-report.*.eta) with a
// plain-text part and the same report as a PDF attachment (pdfkit, no browser). Once per sponsor
// per month, however often its job runs.
import PDFDocument from 'pdfkit';
import { formatCount, formatDate, formatMoney, formatPercent } from '../format';
import type { Services } from '../services';
import { type MonthlyReport, previousMonth } from '../services/reports';
import { renderEmail } from './emails';
import { writeText } from '../pdf/text';
import type { JobDeps } from './registry';

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
    ['Deliverables approved', String(r.deliverablesApproved)],
    ['Deliverables overdue at the month’s end', String(r.deliverablesOverdue)],
    ['Views', formatCount(r.results.views)],
    ['Likes, comments and clicks', formatCount(r.results.likes + r.results.comments + r.results.clicks)],
    ['Engagement rate', formatPercent(r.results.engagementRate)],
    ['Cost per engagement', r.results.costPerEngagementCents === null ? '—' : formatMoney(r.results.costPerEngagementCents)],
  ];
}

export function reportPdf(r: MonthlyReport): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Influence Market report, ${monthName(r.month)}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    writeText(doc.fontSize(20).fillColor('#5b3cc4'), `Your ${monthName(r.month)} report`);
    writeText(doc.moveDown(0.5).fontSize(11).fillColor('#1d1b26'), `Sponsor: ${r.username}`);
    doc.moveDown();
    for (const [label, value] of figures(r)) writeText(doc, `${label}: ${value}`);
    writeText(doc.moveDown().fontSize(14), 'Campaigns running that month');
    doc.moveDown(0.3).fontSize(11);
    if (r.campaigns.length === 0) writeText(doc, 'None.');
    for (const c of r.campaigns) {
      writeText(doc, `${c.title} (${formatDate(c.startDate)} – ${formatDate(c.endDate)}): ${formatMoney(c.committedCents)} of ${formatMoney(c.budgetCents)} committed, ${c.influencers} influencer(s)`);
    }
    doc.end();
  });
}

/** Sends a sponsor's report for `month` once; 'gone' when the sponsor no longer exists. */
export async function processMonthlyReport({ services, mailer }: JobDeps, sponsorId: number, month: string): Promise<string> {
  const report = await services.reports.monthly(sponsorId, month);
  if (!report) return 'gone';
  return services.claims.sendOnce('monthly-report', sponsorId, month, async () => {
    const email = renderEmail('monthly-report', `Your Influence Market report for ${monthName(month)}`, { ...report, monthName: monthName(month), figures: figures(report) });
    await mailer.send({
      to: report.email,
      ...email,
      attachments: [{ filename: `report-${month}.pdf`, content: await reportPdf(report), contentType: 'application/pdf' }],
    });
  });
}

/** On the 1st of a month, plans last month's reports: the first worker to claim the month does. */
export async function scheduleMonthlyReports(services: Services, at = new Date()): Promise<number | null> {
  if (at.getUTCDate() !== 1) return null;
  const month = previousMonth(at);
  return services.claims.planOnce('monthly-report', month, () => services.reports.plan(month));
}
