// A creator's media kit: the public profile as a one-page PDF to send a brand (pdfkit, every string
// through writeText, so any script prints). Never an email or a phone, as the page.
import PDFDocument from 'pdfkit';
import { countryName, languageName, PLATFORMS, RATE_KINDS, type RateKind } from '../creators';
import { formatBp, formatCount, formatDate, formatMoney, formatPercent, formatTime } from '../format';
import type { PublicProfile } from '../services/creators';
import { writeText } from './text';

export function mediaKitPdf(p: PublicProfile, origin: string): Promise<Buffer> {
  const c = p.profile;
  const name = c.displayName || p.username;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${name} — media kit`, Author: name } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const heading = (text: string) => writeText(doc.moveDown().fontSize(14).fillColor('#5b3cc4'), text).moveDown(0.2).fontSize(11).fillColor('#1d1b26');

    writeText(doc.fontSize(22).fillColor('#5b3cc4'), name);
    writeText(doc.fontSize(11).fillColor('#5c5870'), `@${p.username} · ${p.category} · ${p.niche}`);
    const where = [c.city, countryName(c.country)].filter(Boolean).join(', ');
    if (where) writeText(doc, where);
    if (c.languages.length) writeText(doc, `Publishes in ${c.languages.map(languageName).join(', ')}`);
    writeText(doc, p.availableNow === 'busy' ? `Busy until ${formatDate(c.busyUntil!)}` : p.availableNow === 'closed' ? 'Not taking work at the moment' : 'Open to collaborations');
    doc.fillColor('#1d1b26');
    if (c.bio) writeText(doc.moveDown(0.5), c.bio);

    heading('Where they publish');
    if (p.platforms.length === 0) writeText(doc, 'No platforms listed yet.');
    for (const a of p.platforms) {
      writeText(doc, `${PLATFORMS[a.platform].label} ${a.handle}${a.verifiedAt ? ' (verified)' : ''}: ${formatCount(a.followers)} followers, ${formatCount(a.avgViews)} average views, ${formatBp(a.engagementBp)} engagement`);
      writeText(doc.fontSize(9).fillColor('#5c5870'), `${a.stale ? 'Figures not updated since' : 'Figures of'} ${formatTime(a.figuresAt)} · ${a.link}`).fontSize(11).fillColor('#1d1b26');
    }

    heading('Rates');
    const priced = (Object.keys(RATE_KINDS) as RateKind[]).filter((kind) => p.rates[kind] !== undefined);
    if (priced.length === 0) writeText(doc, 'No rates listed: ask in a message.');
    for (const kind of priced) writeText(doc, `${RATE_KINDS[kind]}: ${formatMoney(p.rates[kind]!)}`);

    heading('Results on Influence Market');
    const r = p.results;
    writeText(doc, `Collaborations completed: ${formatCount(r.completed)}`);
    writeText(doc, `Delivered on time: ${r.submitted ? `${formatCount(r.onTime)} of ${formatCount(r.submitted)}` : '—'}`);
    writeText(doc, `Total views: ${formatCount(r.views)}`);
    writeText(doc, `Median engagement: ${formatPercent(r.medianEngagement)}`);
    writeText(
      doc.moveDown(0.3).fontSize(9).fillColor('#5c5870'),
      'Completed and on-time are recorded by the site; views and engagement are entered by the sponsor or the creator of each collaboration.',
    );
    writeText(doc.moveDown().fontSize(9), `${origin}/@${p.username}`);
    doc.end();
  });
}
