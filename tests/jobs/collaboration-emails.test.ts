// A collaboration's emails through the whole chain: the step and its outbox row in one transaction;
// the worker relays it to bee-queue (real Redis) and sends one email per event.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { processCollaborationEmail } from '../../src/jobs/collaborationEmails';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createMailer } from '../../src/mail';
import { createTestApp, type TestApp } from '../support/app';
import { account, campaign, count, inDays, influencer, offer, sponsor, viewerOf } from '../support/factories';
import { decode, mailsIn } from '../support/mail';
import { until } from '../support/wait';

const mails = (t: TestApp) => mailsIn(t.ctx.config.mailDir).map(decode);

let t: TestApp;
let worker: Worker;
before(async () => {
  t = await createTestApp();
  worker = startWorker(t.ctx, { relayIntervalMs: 200, scheduling: false });
});
after(async () => {
  await worker.close();
  await t.close();
});

describe('collaboration emails', () => {
  it('tell the sponsor about a submission and the influencer about changes asked and a dispute resolved, once each', async () => {
    const brand = await sponsor(t);
    const influencerId = await influencer(t, { username: `mailinf${Date.now()}` });
    const offerId = await offer(t, { campaignId: await campaign(t, brand.id, { title: 'Autumn hikes' }), sponsorId: brand.id, influencerId, status: 'accepted' });
    const asSponsor = await viewerOf(t, brand.id);
    const asInfluencer = await viewerOf(t, influencerId);
    const { collaborations } = t.ctx.services;
    const { id } = await collaborations.addDeliverable(asSponsor, offerId, { title: 'Summit reel', dueDate: inDays(3) });
    await collaborations.submit(asInfluencer, id, { url: 'https://example.com/reel', note: '' });
    await collaborations.requestChanges(asSponsor, id, 'Show the summit sign');
    await collaborations.openDispute(asInfluencer, offerId, 'Too many changes');
    const adminId = await account(t, 'admin');
    const dispute = await t.ctx.db('disputes').where({ offer_id: offerId }).first();
    await collaborations.resolveDispute(await viewerOf(t, adminId), dispute.id, 'One more round, then it is done');

    const about = (to: string) => mails(t).filter((m) => m.includes(to) && m.includes('Autumn hikes'));
    const influencerEmail: string = (await t.ctx.db('users').where({ id: influencerId }).first()).email;
    await until('the three emails', () => about(`${brand.username}@example.com`).length === 1 && about(influencerEmail).length === 2);
    const toSponsor = about(`${brand.username}@example.com`)[0]!;
    assert.match(toSponsor, /Submitted “Summit reel” for review/);
    assert.match(toSponsor, new RegExp(`/collaborations/${offerId}`));
    const toInfluencer = about(influencerEmail).join('\n');
    assert.match(toInfluencer, /Asked for changes to “Summit reel”/);
    assert.match(toInfluencer, /Show the summit sign/);
    assert.match(toInfluencer, /One more round, then it is done/);
    // Adding a deliverable and opening a dispute send nothing by email.
    assert.equal(await count(t, 'job_outbox', { queue: 'collaborations' }), 3);

    // Run again (bee-queue delivers at least once): no second email.
    const event = await t.ctx.db('collaboration_events').where({ offer_id: offerId, kind: 'submitted' }).first();
    const mailer = createMailer({ smtpUrl: '', mailDir: t.ctx.config.mailDir });
    assert.equal(await processCollaborationEmail({ ...t.ctx, mailer }, event.id), 'already-sent');
    assert.equal(about(`${brand.username}@example.com`).length, 1);
    assert.equal(await processCollaborationEmail({ ...t.ctx, mailer }, 99_999_999), 'gone');
    mailer.close();
  });
});
