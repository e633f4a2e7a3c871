// A collaboration's emails through the whole chain: the step and its outbox row in one transaction;
// the worker relays it to bee-queue (real Redis) and sends one email per event.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processCollaborationEmail } from '../../src/jobs/collaborationEmails';
import { createMailer } from '../../src/mail';
import { withWorkerApp } from '../support/app';
import { account, campaign, count, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';
import { decode, mailsIn } from '../support/mail';
import { until } from '../support/wait';

const mails = () => mailsIn(app.t.ctx.config.mailDir).map(decode);

const app = withWorkerApp();

describe('collaboration emails', () => {
  it('tell the sponsor about a submission and the influencer about changes asked and a dispute resolved, once each', async () => {
    const brand = await sponsor(app.t);
    const influencerId = await influencer(app.t, { username: `mailinf${Date.now()}` });
    const offerId = await offer(app.t, { campaignId: await campaign(app.t, brand.id, { title: 'Autumn hikes' }), sponsorId: brand.id, influencerId, status: 'accepted' });
    const asSponsor = await viewerOf(app.t, brand.id);
    const asInfluencer = await viewerOf(app.t, influencerId);
    const { collaborations } = app.t.ctx.services;
    const { id } = await collaborations.addDeliverable(asSponsor, offerId, { title: 'Summit reel', dueDate: inDays(3) });
    await collaborations.submit(asInfluencer, id, { url: 'https://example.com/reel', note: '' });
    await collaborations.requestChanges(asSponsor, id, 'Show the summit sign');
    await collaborations.openDispute(asInfluencer, offerId, 'Too many changes');
    const adminId = await account(app.t, 'admin');
    const dispute = await app.t.ctx.db('disputes').where({ offer_id: offerId }).first();
    await collaborations.resolveDispute(await viewerOf(app.t, adminId), dispute.id, 'One more round, then it is done');

    const about = (to: string) => mails().filter((m) => m.includes(to) && m.includes('Autumn hikes'));
    const influencerEmail: string = (await app.t.ctx.db('users').where({ id: influencerId }).first()).email;
    await until('the three emails', () => about(`${brand.username}@example.com`).length === 1 && about(influencerEmail).length === 2);
    const toSponsor = about(`${brand.username}@example.com`)[0]!;
    assert.match(toSponsor, /Submitted “Summit reel” for review/);
    assert.match(toSponsor, new RegExp(`/collaborations/${offerId}`));
    const toInfluencer = about(influencerEmail).join('\n');
    assert.match(toInfluencer, /Asked for changes to “Summit reel”/);
    assert.match(toInfluencer, /Show the summit sign/);
    assert.match(toInfluencer, /One more round, then it is done/);
    // Adding a deliverable and opening a dispute send nothing by email.
    assert.equal(await count(app.t, 'job_outbox', { queue: 'collaborations' }), 3);

    // Run again (bee-queue delivers at least once): no second email.
    const event = await app.t.ctx.db('collaboration_events').where({ offer_id: offerId, kind: 'submitted' }).first();
    const mailer = createMailer({ smtpUrl: '', mailDir: app.t.ctx.config.mailDir });
    assert.equal(await processCollaborationEmail({ ...app.t.ctx, mailer }, event.id), 'already-sent');
    assert.equal(about(`${brand.username}@example.com`).length, 1);
    assert.equal(await processCollaborationEmail({ ...app.t.ctx, mailer }, 99_999_999), 'gone');
    mailer.close();
  });
});

describe('the daily reminder', () => {
  it('is planned for an influencer with a deliverable due within 48 hours or overdue, and lists it', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const brand = await sponsor(app.t);
    const soon = await influencer(app.t);
    const later = await influencer(app.t);
    for (const [influencerId, dueIn] of [
      [soon, 2],
      [later, 5],
    ] as const) {
      const offerId = await offer(app.t, { campaignId: await campaign(app.t, brand.id), sponsorId: brand.id, influencerId, status: 'accepted' });
      await app.t.ctx.services.collaborations.addDeliverable(await viewerOf(app.t, brand.id), offerId, { title: `Due in ${dueIn} days`, dueDate: inDays(dueIn) });
    }
    // Both visited today and have read everything: only a deliverable due soon brings a reminder.
    await app.t.ctx.db('users').whereIn('id', [soon, later]).update({ last_visit_at: Date.now() });
    await app.t.ctx.db('messages').whereIn('recipient_id', [soon, later]).update({ seen_at: Date.now() });
    await app.t.ctx.services.reminders.plan(day);
    const planned = (await app.t.ctx.db('job_outbox').where({ queue: 'reminders' }).select('payload')).map((r) => JSON.parse(r.payload).influencerId);
    assert.ok(planned.includes(soon));
    assert.ok(!planned.includes(later));
    const content = await app.t.ctx.services.reminders.content(soon, day);
    assert.deepEqual(content?.deliverables.map((d) => d.title), ['Due in 2 days']);
  });
});
