// CSV exports through the whole chain: the web records the request and its outbox row in one
// transaction; the worker relays it to bee-queue (real Redis), builds the file and sends the email.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { closeContext } from '../../src/context';
import { processCsvExport } from '../../src/jobs/csvExport';
import { closeQueues, createQueues } from '../../src/jobs/queues';
import { relayOnce } from '../../src/jobs/relay';
import { startWorker } from '../../src/jobs/worker';
import { createMailer } from '../../src/mail';
import { createTestApp, type TestApp, withWorkerApp } from '../support/app';
import { campaign, count, influencer, offer, postForm, sponsor } from '../support/factories';
import { startSmtp } from '../support/smtp';
import { mailsIn } from '../support/mail';
import { drained, until } from '../support/wait';

/** RFC 4180 parsing, to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

const mails = (of: TestApp) => mailsIn(of.ctx.config.mailDir);

const app = withWorkerApp();

describe('POST /sponsor/exports', () => {
  it('queues the export, the worker builds it, and the CSV round-trips to what the database holds', async () => {
    const brand = await sponsor(app.t);
    const tricky = 'Boots, "waterproof"\nand ünïcode ✓';
    // Formulas a spreadsheet would run (OWASP CSV injection): written with a leading apostrophe.
    const formula = '=HYPERLINK("http://evil.example","x")';
    const c1 = await campaign(app.t, brand.id, { title: tricky, budgetCents: 123_456 });
    const c2 = await campaign(app.t, brand.id, { title: 'Plain', visibility: 'private' });
    const a = await influencer(app.t);
    const b = await influencer(app.t);
    const collaboration = await offer(app.t, { campaignId: c1, sponsorId: brand.id, influencerId: a, budgetCents: 10_000, status: 'accepted' });
    const deliverable = { offer_id: collaboration, due_date: '2031-01-01', created_at: Date.now(), updated_at: Date.now() };
    await app.t.ctx.db('deliverables').insert([
      { ...deliverable, title: 'Reel', state: 'approved', views: 900, likes: 45, comments: 6, clicks: 12 },
      { ...deliverable, title: 'Story', state: 'due' },
    ]);
    await app.t.ctx.db('offers').where({ campaign_id: c1 }).update({ paid_at: Date.now() });
    await offer(app.t, { campaignId: c1, sponsorId: brand.id, influencerId: b, budgetCents: 5_000, status: 'pending' });
    await offer(app.t, { campaignId: c2, sponsorId: brand.id, influencerId: b, budgetCents: 7_000, status: 'rejected' });
    await campaign(app.t, (await sponsor(app.t)).id, { title: 'Someone else’s' });
    const c3 = await campaign(app.t, brand.id, { title: formula });

    const res = await postForm(brand.agent, '/sponsor/exports');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sponsor/exports');
    const row = await app.t.ctx.db('exports').where({ sponsor_id: brand.id }).first();
    assert.ok(await app.t.ctx.db('job_outbox').where({ dedupe_key: `export:${row.id}` }).first(), 'the job is recorded with the request');

    await until('the export to be ready', async () => (await app.t.ctx.db('exports').where({ id: row.id }).first()).status === 'ready');
    const download = await brand.agent.get(`/sponsor/exports/${row.id}/download`).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => cb(null, data));
    });
    assert.equal(download.status, 200);
    assert.match(download.headers['content-type'] as string, /text\/csv; charset=utf-8/);
    assert.match(download.headers['content-disposition'] as string, /attachment; filename="?campaigns-\d{4}-\d{2}-\d{2}\.csv"?/);
    const text = download.body as string;
    assert.ok(text.startsWith('\uFEFF'));
    const [header, ...rows] = parseCsv(text.slice(1));
    assert.deepEqual(header, [
      'campaign_id', 'title', 'start_date', 'end_date', 'budget', 'visibility', 'flagged', 'offers', 'pending', 'accepted', 'rejected', 'committed', 'paid',
      'deliverables', 'deliverables_approved', 'views', 'likes', 'comments', 'clicks',
    ]);
    const campaigns = await app.t.ctx.db('campaigns').where({ sponsor_id: brand.id }).whereNot({ id: c3 }).orderBy('id');
    const formulaRow = rows.find((r) => r[0] === String(c3));
    assert.equal(formulaRow?.[1], `'${formula}`);
    assert.deepEqual(
      rows.filter((r) => r !== formulaRow),
      campaigns.map((c) => [
        String(c.id),
        c.title,
        c.start_date,
        c.end_date,
        (Number(c.budget_cents) / 100).toFixed(2),
        c.visibility,
        'no',
        c.id === c1 ? '2' : '1',
        c.id === c1 ? '1' : '0',
        c.id === c1 ? '1' : '0',
        c.id === c1 ? '0' : '1',
        c.id === c1 ? '100.00' : '0.00',
        c.id === c1 ? '100.00' : '0.00',
        ...(c.id === c1 ? ['2', '1', '900', '45', '6', '12'] : ['0', '0', '0', '0', '0', '0']),
      ]),
    );
    assert.equal(rows[0]![1], tricky);

    const [mail] = await until('the email', async () => mails(app.t).filter((m) => m.includes(`${brand.username}@example.com`)).length > 0 && mails(app.t).filter((m) => m.includes(`${brand.username}@example.com`)));
    assert.match(mail!, /Subject: Your campaign export is ready/);
    assert.match(mail!, /Content-Type: text\/plain/);

    const page = await brand.agent.get('/sponsor');
    assert.match(page.text, /Your campaign export is ready to download/);
    assert.doesNotMatch((await brand.agent.get('/sponsor')).text, /export is ready to download/, 'the notice shows once');
    const list = await brand.agent.get('/sponsor/exports');
    assert.match(list.text, /badge-export-ready/);
    assert.doesNotMatch(list.text, /hx-trigger=/, 'nothing left to wait for');
  });

  it('lets only its owner download it', async () => {
    const brand = await sponsor(app.t);
    await postForm(brand.agent, '/sponsor/exports');
    const row = await app.t.ctx.db('exports').where({ sponsor_id: brand.id }).first();
    await until('the export', async () => (await app.t.ctx.db('exports').where({ id: row.id }).first()).status === 'ready');
    const other = await sponsor(app.t);
    assert.equal((await other.agent.get(`/sponsor/exports/${row.id}/download`)).status, 404);
    assert.equal((await request(app.t.app).get(`/sponsor/exports/${row.id}/download`)).status, 303);
    assert.equal((await brand.agent.get('/sponsor/exports/99999999/download')).status, 404);
  });
});

describe('with Redis down', () => {
  it('accepts the request, keeps it through a restart of the web process, and completes once Redis is back', async () => {
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    const brand = await sponsor(down);
    await campaign(down, brand.id, { title: 'Survivor' });
    const res = await postForm(brand.agent, '/sponsor/exports');
    assert.equal(res.status, 303);
    const list = await brand.agent.get('/sponsor/exports');
    assert.match(list.text, /badge-export-queued/);
    assert.match(list.text, /hx-trigger="every 2s, sse:export, sse:refresh"/);

    // A worker that cannot reach Redis leaves the row waiting.
    const stuck = startWorker(down.ctx, { relayIntervalMs: 60_000, scheduling: false });
    assert.equal(await stuck.relay(), 0);
    await stuck.close();
    assert.equal(await count(down, 'job_outbox', { status: 'pending' }), 1);

    // The web process restarts (same database) and Redis is reachable again.
    await closeContext(down.ctx);
    const back = await createTestApp({}, { database: down });
    const revived = startWorker(back.ctx, { relayIntervalMs: 200, scheduling: false });
    try {
      await until('the export to complete', async () => (await back.ctx.db('exports').first()).status === 'ready');
      assert.equal(await count(back, 'job_outbox', { status: 'pending' }), 0);
      // The job marks the export ready, then sends the email: wait for the email itself.
      await until('the email', async () => mails(back).length === 1);
      await drained(back.ctx.db);
      assert.equal(mails(back).length, 1);
    } finally {
      await revived.close();
      await back.close();
    }
  });
});

describe('a job lost with a Redis restart (Redis keeps nothing on disk)', () => {
  it('is sent again by the worker and completes once', async () => {
    const lost = await createTestApp();
    const brand = await sponsor(lost);
    await campaign(lost, brand.id);
    assert.equal((await postForm(brand.agent, '/sponsor/exports')).status, 303);
    // Handed to Redis…
    const producers = createQueues(lost.ctx.config, lost.ctx.log, { isWorker: false });
    await Promise.all(Object.values(producers).map((q) => q.ready()));
    assert.equal(await relayOnce(lost.ctx.services, producers, lost.ctx.log, lost.ctx.config.outboxResendSeconds * 1000), 1);
    await closeQueues(producers);
    assert.equal(await count(lost, 'job_outbox', { status: 'sent' }), 1);
    // …which restarts empty.
    const keys = await lost.ctx.redis.keys(`${lost.ctx.config.queuePrefix}:*`);
    assert.ok(keys.length > 0);
    await lost.ctx.redis.del(...keys);

    const revived = startWorker(lost.ctx, { relayIntervalMs: 200, resendAfterMs: 500, scheduling: false });
    try {
      await until('the export to complete', async () => (await lost.ctx.db('exports').first()).status === 'ready');
      const done = () => lost.ctx.db('job_outbox').whereNotNull('done_at').count({ n: '*' }).first().then((r) => Number(r?.n));
      await until('the outbox row to be done', async () => (await done()) === 1);
      await until('the email', async () => mails(lost).length === 1);
      await drained(lost.ctx.db);
      assert.equal(mails(lost).length, 1);
      assert.equal(await done(), 1);
    } finally {
      await revived.close();
      await lost.close();
    }
  });
});

describe('an export job run twice', () => {
  it('sends one email, through SMTP when SMTP_URL is set', async () => {
    const smtp = await startSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: '' });
    try {
      const brand = await sponsor(app.t);
      const id = await app.t.ctx.services.exports.request(brand.id);
      assert.equal(await processCsvExport({ ...app.t.ctx, mailer }, id), 'ready');
      assert.equal(await processCsvExport({ ...app.t.ctx, mailer }, id), 'ready');
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.received[0]!.to, `${brand.username}@example.com`);
      assert.match(smtp.received[0]!.data, /Subject: Your campaign export is ready/);
      assert.equal(await processCsvExport({ ...app.t.ctx, mailer }, 99_999_999), 'gone');
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});
