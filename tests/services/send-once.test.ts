// Rule: a periodic email (the daily reminder, the monthly report) goes to an account once per
// period: one claim in `send_claims`, given back when the send fails so that the retry sends it;
// the migration that made this one table kept the claims of the two it replaced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrationsDir } from '../../src/db';
import { withTestApp } from '../support/app';
import { count, influencer, sponsor } from '../support/factories';

const app = withTestApp();

describe('send once per period', () => {
  it('sends once, and again after a failed send', async () => {
    const claims = app.t.ctx.services.claims;
    const id = await influencer(app.t);
    let sent = 0;
    const send = async () => {
      sent += 1;
    };
    await assert.rejects(
      claims.sendOnce('reminder', id, '2031-01-01', async () => {
        throw new Error('SMTP down');
      }),
      /SMTP down/,
    );
    assert.deepEqual(await Promise.all([claims.sendOnce('reminder', id, '2031-01-01', send), claims.sendOnce('reminder', id, '2031-01-01', send)]).then((r) => r.sort()), ['already-sent', 'sent']);
    assert.equal(await claims.sendOnce('monthly-report', id, '2031-01-01', send), 'sent', 'another kind is another claim');
    assert.equal(await claims.sendOnce('reminder', id, '2031-01-02', send), 'sent', 'another period is another claim');
    assert.equal(sent, 3);
  });

  it('keeps the claims of reminder_log and mail_log when the migration moves them', async () => {
    const db = app.t.ctx.db;
    const creator = await influencer(app.t);
    const brand = await sponsor(app.t);
    // Back to before send_claims (undoing the later migrations on the way), then forward again.
    const options = { directory: migrationsDir, loadExtensions: ['.ts'] };
    while ((await db.migrate.currentVersion(options)) >= '20261129000000') await db.migrate.down(options);
    await db('reminder_log').insert({ influencer_id: creator, day: '2030-03-04', sent_at: 1 });
    await db('mail_log').insert({ kind: 'monthly-report', user_id: brand.id, period: '2030-02', sent_at: 2 });
    await db.migrate.latest(options);
    assert.equal(await count(app.t, 'send_claims', { kind: 'reminder', user_id: creator, period: '2030-03-04' }), 1);
    assert.equal(await count(app.t, 'send_claims', { kind: 'monthly-report', user_id: brand.id, period: '2030-02' }), 1);
    assert.equal(await app.t.ctx.services.claims.sendOnce('reminder', creator, '2030-03-04', async () => {}), 'already-sent');
    assert.equal(await db.schema.hasTable('reminder_log'), false);
  });
});
