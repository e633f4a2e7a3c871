// Daily reminders through the real queue (Redis) to a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { scheduleReminders } from '../../src/jobs/reminders';
import { startWorker } from '../../src/jobs/worker';
import { createMailer, type Mailer } from '../../src/mail';
import { createTestApp, type TestApp } from '../support/app';
import { campaign, influencer, offer, sponsor } from '../support/factories';
import { startSmtp } from '../support/smtp';
import { decode } from '../support/mail';
import { drained, until } from '../support/wait';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mailer: Mailer;
let received: { to: string; data: string }[] = [];
let chat: Server;
const chatPosts: string[] = [];

before(async () => {
  smtp = await startSmtp();
  received = smtp.received;
  // A stand-in for Google Chat's incoming webhook, on loopback.
  chat = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      chatPosts.push(`${req.method} ${req.headers['content-type']} ${body}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', () => resolve()));
  t = await createTestApp({
    SMTP_URL: smtp.url,
    REMINDER_HOUR: '18',
    GCHAT_WEBHOOK_URL: `http://127.0.0.1:${(chat.address() as AddressInfo).port}/v1/spaces/test/messages`,
  });
  mailer = createMailer(t.ctx.config);
});
after(async () => {
  mailer.close();
  await t.close();
  await smtp.close();
  await new Promise<void>((resolve) => chat.close(() => resolve()));
});

describe('daily reminders', () => {
  it('go out once per influencer per day, with the right pending items, however many workers plan them', async () => {
    const day = '2031-03-04';
    const evening = new Date(`${day}T19:00:00Z`);
    const brand = await sponsor(t);
    const waiting = await influencer(t, { username: 'has_offer' });
    const campaignId = await campaign(t, brand.id, { title: 'Spring boots' });
    await offer(t, { campaignId, sponsorId: brand.id, influencerId: waiting, budgetCents: 123_400, status: 'pending' });
    const idle = await influencer(t, { username: 'never_visited' });
    const busy = await influencer(t, { username: 'visited_today' });
    await t.ctx.db('users').whereIn('id', [waiting, busy]).update({ last_visit_at: Date.parse(`${day}T08:00:00Z`) });
    const suspended = await influencer(t, { username: 'suspended_one' });
    await t.ctx.db('users').where({ id: suspended }).update({ status: 'suspended' });

    // Before the reminder hour nothing is planned.
    assert.equal(await scheduleReminders(t.ctx.config, t.ctx.services, new Date(`${day}T17:59:00Z`)), null);
    // Two workers plan the same evening: one plans, the other finds it done.
    const plans = await Promise.all([scheduleReminders(t.ctx.config, t.ctx.services, evening), scheduleReminders(t.ctx.config, t.ctx.services, evening)]);
    assert.deepEqual(plans.filter((p) => p !== null), [2]);

    const workers = [startWorker(t.ctx, { relayIntervalMs: 100, scheduling: false, mailer }), startWorker(t.ctx, { relayIntervalMs: 100, scheduling: false, mailer })];
    try {
      await until('two reminders', () => received.length >= 2);
      await drained(t.ctx.db);
      const to = received.map((m) => m.to).sort();
      assert.deepEqual(to, ['has_offer@example.com', 'never_visited@example.com']);
      const offerMail = decode(received.find((m) => m.to === 'has_offer@example.com')!.data);
      assert.match(offerMail, /Subject: 1 thing waiting for you/);
      assert.match(offerMail, new RegExp(`Offer from ${brand.username}: \\$1,234\\.00 for “Spring boots”`));
      assert.match(offerMail, new RegExp(`/inbox/${brand.id}`));
      assert.match(decode(received.find((m) => m.to === 'never_visited@example.com')!.data), /You have not visited today/);
      void idle;
      // Each reminder is also posted to the Google Chat webhook.
      assert.equal(chatPosts.length, 2);
      assert.ok(chatPosts.every((p) => p.startsWith('POST application/json')));
      assert.ok(chatPosts.some((p) => JSON.parse(p.slice(p.indexOf('{'))).text === 'has_offer: 1 thing waiting for you on Influence Market'));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }

    // Planning the same day again (a restart, a third worker) sends nothing more.
    assert.equal(await scheduleReminders(t.ctx.config, t.ctx.services, evening), null);
    await t.ctx.services.reminders.plan(day);
    const again = startWorker(t.ctx, { relayIntervalMs: 100, scheduling: false, mailer });
    try {
      await drained(t.ctx.db);
    } finally {
      await again.close();
    }
    assert.equal(received.length, 2);
    assert.equal(chatPosts.length, 2);
  });
});
