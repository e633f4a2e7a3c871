// The monthly report for a seeded month with known figures, planned once on the 1st, sent once,
// as HTML + text with a PDF attachment, through the real queue to a loopback SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { processMonthlyReport, scheduleMonthlyReports } from '../../src/jobs/monthlyReport';
import { startWorker } from '../../src/jobs/worker';
import { createMailer, type Mailer } from '../../src/mail';
import { createTestApp, type TestApp } from '../support/app';
import { campaign, influencer, offer, sponsor } from '../support/factories';
import { startSmtp } from '../support/smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mailer: Mailer;
let received: { to: string; data: string }[] = [];
let brandId: number;
let brandName: string;
const at = (iso: string) => Date.parse(iso);

before(async () => {
  smtp = await startSmtp();
  received = smtp.received;
  t = await createTestApp({ SMTP_URL: smtp.url });
  mailer = createMailer(t.ctx.config);

  const brand = await sponsor(t);
  brandId = brand.id;
  brandName = brand.username;
  const a = await campaign(t, brandId, { title: 'April into May', startDate: '2031-04-20', endDate: '2031-05-10', budgetCents: 100_000 });
  const b = await campaign(t, brandId, { title: 'Late May', startDate: '2031-05-15', endDate: '2031-06-30', budgetCents: 200_000 });
  const c = await campaign(t, brandId, { title: 'July only', startDate: '2031-07-01', endDate: '2031-07-31', budgetCents: 900_000 });
  await campaign(t, brandId, { title: 'Private May', startDate: '2031-05-01', endDate: '2031-05-31', budgetCents: 50_000, visibility: 'private' });
  const star = await influencer(t, { followers: 120 });
  const other = await influencer(t, { followers: 9 });
  const set = async (id: number, fields: Record<string, unknown>) => t.ctx.db('offers').where({ id }).update(fields);
  const starOffer = await offer(t, { campaignId: a, sponsorId: brandId, influencerId: star, budgetCents: 30_000, status: 'accepted' });
  await set(starOffer, {
    created_at: at('2031-05-02T10:00:00Z'),
    answered_at: at('2031-05-05T10:00:00Z'),
    paid_at: at('2031-05-20T10:00:00Z'),
  });
  // Approved in May with results; due in May and never approved; due in May, approved in June.
  const deliverable = (title: string, due: string, approved: string | null, results: Record<string, number> = {}) => ({
    offer_id: starOffer,
    title,
    due_date: due,
    state: approved ? 'approved' : 'due',
    approved_at: approved ? at(approved) : null,
    created_at: at('2031-05-05T10:00:00Z'),
    updated_at: at('2031-05-05T10:00:00Z'),
    ...results,
  });
  await t.ctx.db('deliverables').insert([
    deliverable('Reel', '2031-05-10', '2031-05-12T10:00:00Z', { views: 1000, likes: 50, comments: 10, clicks: 40 }),
    deliverable('Story', '2031-05-25', null),
    deliverable('Vlog', '2031-05-30', '2031-06-03T10:00:00Z'),
  ]);
  await set(await offer(t, { campaignId: b, sponsorId: brandId, influencerId: other, budgetCents: 40_000, status: 'rejected' }), {
    created_at: at('2031-05-15T10:00:00Z'),
    answered_at: at('2031-05-16T10:00:00Z'),
  });
  await set(await offer(t, { campaignId: b, sponsorId: brandId, influencerId: other, budgetCents: 35_000, status: 'pending' }), {
    created_at: at('2031-05-18T10:00:00Z'),
    proposed_by: other,
  });
  await set(await offer(t, { campaignId: c, sponsorId: brandId, influencerId: star, budgetCents: 50_000, status: 'accepted' }), {
    created_at: at('2031-06-20T10:00:00Z'),
    answered_at: at('2031-07-02T10:00:00Z'),
  });
});
after(async () => {
  mailer.close();
  await t.close();
  await smtp.close();
});

describe('the monthly report', () => {
  it('has the right figures for a seeded month', async () => {
    const report = (await t.ctx.services.reports.monthly(brandId, '2031-05'))!;
    assert.deepEqual(report.campaigns.map((c) => c.title), ['April into May', 'Private May', 'Late May']);
    assert.deepEqual(
      {
        sent: report.offersSent,
        accepted: report.offersAccepted,
        rejected: report.offersRejected,
        budget: report.budgetCents,
        committed: report.committedCents,
        paid: report.paidCents,
        remaining: report.remainingCents,
        followers: report.followersReached,
      },
      { sent: 2, accepted: 1, rejected: 1, budget: 350_000, committed: 30_000, paid: 30_000, remaining: 320_000, followers: 120 },
    );
    assert.equal(report.deliverablesApproved, 1);
    assert.equal(report.deliverablesOverdue, 2);
    // (50 + 10) / 1,000 views; $300 / (50 + 10 + 40) engagements.
    assert.equal(report.results.engagementRate, 0.06);
    assert.equal(report.results.costPerEngagementCents, 300);
  });

  it('is planned on the 1st only, by one worker, and sent once as HTML, text and PDF', async () => {
    assert.equal(await scheduleMonthlyReports(t.ctx.services, new Date('2031-06-02T09:00:00Z')), null);
    const plans = await Promise.all([
      scheduleMonthlyReports(t.ctx.services, new Date('2031-06-01T03:00:00Z')),
      scheduleMonthlyReports(t.ctx.services, new Date('2031-06-01T03:00:00Z')),
    ]);
    assert.deepEqual(plans.filter((p) => p !== null), [1]);

    const worker = startWorker(t.ctx, { relayIntervalMs: 100, scheduling: false, mailer });
    try {
      const end = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
    }
    assert.equal(await processMonthlyReport({ ...t.ctx, mailer }, brandId, '2031-05'), 'already-sent');
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.equal(mail.to, `${brandName}@example.com`);
    assert.match(mail.data, /Subject: Your Influence Market report for May 2031/);
    assert.match(mail.data, /Content-Type: text\/plain/);
    assert.match(mail.data, /Content-Type: text\/html/);
    assert.match(mail.data, /Offers sent: 2/);
    const pdf = /Content-Type: application\/pdf; name=report-2031-05\.pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.data)?.[1];
    assert.ok(pdf, 'a PDF attachment');
    assert.equal(Buffer.from(pdf!.replace(/\s/g, ''), 'base64').subarray(0, 5).toString(), '%PDF-');
  });
});
