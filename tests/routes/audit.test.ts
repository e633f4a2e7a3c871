// The admin audit trail: every moderation action through HTTP is recorded with who, when, what and
// why; GET /admin/audit lists them newest first, by action, paginated; rows outlive the admin and
// the target.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browser, logIn, withTestApp } from '../support/app';
import { account, campaign, influencer, offer, postForm, sponsor, viewerOf } from '../support/factories';

const app = withTestApp({ LOG_LEVEL: 'error' });

describe('GET /admin/audit', () => {
  it('records every admin action with who, what and why, and keeps it when the admin and the target are gone', async () => {
    const adminId = await account(app.t, 'admin', 'auditor');
    const admin = browser(app.t);
    await logIn(admin, 'auditor');
    const pending = await sponsor(app.t, { approved: false });
    const turnedDown = await sponsor(app.t, { approved: false });
    const creator = await influencer(app.t, { username: 'audited_creator' });
    const brand = await sponsor(app.t);
    const campaignId = await campaign(app.t, brand.id, { title: 'Audited launch' });
    const collaboration = await offer(app.t, { campaignId, sponsorId: brand.id, influencerId: creator, status: 'accepted' });
    await app.t.ctx.services.collaborations.openDispute(await viewerOf(app.t, creator), collaboration, 'Never paid');
    const dispute = await app.t.ctx.db('disputes').where({ offer_id: collaboration }).first('id');

    for (const [url, fields] of [
      [`/admin/users/${pending.id}/approve`, {}],
      [`/admin/users/${turnedDown.id}/reject`, { reason: 'Unknown brand' }],
      [`/admin/users/${creator}/suspend`, { reason: 'Bought followers' }],
      [`/admin/users/${creator}/restore`, {}],
      [`/admin/campaigns/${campaignId}/flag`, { reason: 'Misleading claims' }],
      [`/admin/campaigns/${campaignId}/unflag`, {}],
      [`/admin/disputes/${dispute.id}/resolve`, { note: 'Paid in full on Monday' }],
      [`/admin/users/${turnedDown.id}/delete`, {}],
    ] as const) {
      assert.equal((await postForm(admin, url, fields)).status, 303, url);
    }
    const rows = await app.t.ctx.db('admin_audit').orderBy('id');
    assert.deepEqual(
      rows.map((r) => [r.action, r.admin_username, r.reason]),
      [
        ['approve', 'auditor', null],
        ['reject', 'auditor', 'Unknown brand'],
        ['suspend', 'auditor', 'Bought followers'],
        ['restore', 'auditor', null],
        ['flag', 'auditor', 'Misleading claims'],
        ['unflag', 'auditor', null],
        ['resolve_dispute', 'auditor', 'Paid in full on Monday'],
        ['delete', 'auditor', null],
      ],
    );
    const page = await admin.get('/admin/audit').expect(200);
    assert.match(page.text, /Suspended<\/td>\s*<td data-label="On" dir="auto">audited_creator \(influencer\)<\/td>\s*<td data-label="Why" dir="auto">Bought followers/);
    assert.match(page.text, /Flagged<\/td>\s*<td data-label="On" dir="auto">“Audited launch” by /);
    assert.match(page.text, /Resolved a dispute<\/td>\s*<td data-label="On" dir="auto">Dispute on “Audited launch”/);
    // Newest first.
    assert.ok(page.text.indexOf('Deleted</td>') < page.text.indexOf('Approved</td>'));

    const suspends = await admin.get('/admin/audit?action=suspend').expect(200);
    assert.match(suspends.text, /1 action\b/);
    assert.doesNotMatch(suspends.text, /Approved<\/td>/);
    assert.match((await admin.get('/admin/audit?action=nonsense').expect(200)).text, /8 actions/);

    // The target was deleted above; now the admin goes too. The trail stays, with their names.
    await app.t.ctx.db('users').where({ id: adminId }).del();
    const other = await account(app.t, 'admin', 'auditor2');
    const second = browser(app.t);
    await logIn(second, 'auditor2');
    const after = await second.get('/admin/audit').expect(200);
    assert.match(after.text, /<td data-label="Admin">auditor<\/td>/);
    assert.match(after.text, new RegExp(`${turnedDown.username} \\(sponsor\\)`));
    void other;
  });

  it('is paginated', async () => {
    const admin = browser(app.t);
    await account(app.t, 'admin', 'pager');
    await logIn(admin, 'pager');
    const { id: adminId } = await app.t.ctx.db('users').where({ username: 'pager' }).first('id');
    const brand = await sponsor(app.t);
    const campaignId = await campaign(app.t, brand.id);
    for (let i = 0; i < 30; i += 1) {
      await app.t.ctx.services.campaigns.flag(campaignId, `Reason ${i}`, { id: adminId });
      await app.t.ctx.services.campaigns.unflag(campaignId, { id: adminId });
    }
    const first = await admin.get('/admin/audit?action=flag').expect(200);
    assert.match(first.text, /Reason 29/);
    const total = await app.t.ctx.db('admin_audit').count({ n: '*' }).first();
    assert.ok(Number(total?.n) > 50);
    const second = await admin.get('/admin/audit?page=2').expect(200);
    assert.match(second.text, /Reason 0\b|Approved|Unflagged/);
    const flags = await app.t.ctx.db('admin_audit').where({ action: 'flag' }).count({ n: '*' }).first();
    assert.match(first.text, new RegExp(`${Number(flags?.n)} actions`));
    assert.ok(Number(flags?.n) >= 30);
  });
});
