import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browser, createTestApp, logIn, type TestApp } from '../support/app';
import { account, campaign, campaignFields, count, inDays, influencer, offer, postForm, sponsor } from '../support/factories';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const row = (id: number) => t.ctx.db('campaigns').where({ id }).first();

describe('GET /campaigns/new', () => {
  it('shows the campaign form, public by default for an approved sponsor', async () => {
    const { agent } = await sponsor(t);
    const res = await agent.get('/campaigns/new').expect(200);
    for (const name of ['title', 'description', 'start_date', 'end_date', 'budget', 'visibility', 'goals']) {
      assert.match(res.text, new RegExp(`name="${name}"`));
    }
    assert.match(res.text, /<option value="public" selected>/);
  });

  it('defaults to private for a sponsor awaiting approval', async () => {
    const { agent } = await sponsor(t, { approved: false });
    const res = await agent.get('/campaigns/new').expect(200);
    assert.match(res.text, /<option value="private" selected>/);
  });

  it('is the sponsor’s only', async () => {
    const influencerAgent = browser(t);
    await logIn(influencerAgent, (await t.ctx.db('users').where({ id: await influencer(t) }).first()).username);
    assert.equal((await influencerAgent.get('/campaigns/new')).status, 403);
    assert.equal((await browser(t).get('/campaigns/new')).headers.location, '/login?next=%2Fcampaigns%2Fnew');
  });
});

describe('POST /campaigns', () => {
  it('refuses a new campaign that ended before today, keeping what was typed (422); an edit keeps its past dates', async () => {
    const { agent, id } = await sponsor(t);
    const res = await postForm(agent, '/campaigns', campaignFields({ title: 'Long gone', start_date: '2000-01-01', end_date: '2000-02-01' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /A new campaign cannot end in the past/);
    assert.match(res.text, /value="Long gone"/);
    assert.equal(await count(t, 'campaigns', { sponsor_id: id }), 0);
    const old = await campaign(t, id, { title: 'Last year', startDate: inDays(-400), endDate: inDays(-370) });
    const edit = await postForm(agent, `/campaigns/${old}`, campaignFields({ title: 'Last year, renamed', start_date: inDays(-400), end_date: inDays(-370) }));
    assert.equal(edit.status, 303);
  });

  it('says the largest budget it takes when refusing one', async () => {
    const { agent } = await sponsor(t);
    const res = await postForm(agent, '/campaigns', campaignFields({ budget: '99999999999' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /at most \$10,000,000\.00/);
  });

  it('creates the campaign with its budget in cents and lists it on the dashboard', async () => {
    const { agent, id } = await sponsor(t);
    const res = await postForm(agent, '/campaigns', campaignFields({ title: 'Boots for spring' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sponsor');
    const created = await t.ctx.db('campaigns').where({ sponsor_id: id }).first();
    assert.equal(created.title, 'Boots for spring');
    assert.equal(Number(created.budget_cents), 150050);
    assert.equal(created.visibility, 'public');
    assert.equal(created.niche, 'hiking');
    const dashboard = await agent.get('/sponsor');
    assert.match(dashboard.text, /Campaign “Boots for spring” created/);
    assert.match(dashboard.text, /Boots for spring/);
    assert.match(dashboard.text, /\$0\.00 of \$1,500\.50/);
  });

  it('lets a sponsor awaiting approval save a private campaign, not a public one', async () => {
    const { agent, id } = await sponsor(t, { approved: false });
    const refused = await postForm(agent, '/campaigns', campaignFields({ visibility: 'public' }));
    assert.equal(refused.status, 422);
    assert.match(refused.text, /awaits the admin’s approval/);
    assert.equal(await count(t, 'campaigns', { sponsor_id: id }), 0);
    const saved = await postForm(agent, '/campaigns', campaignFields({ visibility: 'private' }));
    assert.equal(saved.status, 303);
    assert.equal(await count(t, 'campaigns', { sponsor_id: id }), 1);
  });

  describe('bad input: 422, messages by field, values kept, nothing written', () => {
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ['a missing title', { title: '' }, 'title', /Title is required/],
      ['an end date before the start date', { start_date: inDays(10), end_date: inDays(9) }, 'end_date', /cannot be before the start date/],
      ['an impossible date', { start_date: '2027-02-30' }, 'start_date', /must be a date/],
      ['a missing end date', { end_date: '' }, 'end_date', /End date is required/],
      ['a zero budget', { budget: '0' }, 'budget', /positive amount/],
      ['a negative budget', { budget: '-100' }, 'budget', /positive amount/],
      ['a budget with three decimals', { budget: '10.005' }, 'budget', /positive amount/],
      ['a budget that is not a number', { budget: 'lots' }, 'budget', /positive amount/],
      ['an unknown visibility', { visibility: 'secret' }, 'visibility', /Choose public or private/],
      ['a title over 120 characters', { title: 'x'.repeat(121) }, 'title', /at most 120/],
    ];
    for (const [what, overrides, fieldName, message] of cases) {
      it(`rejects ${what}`, async () => {
        const { agent, id } = await sponsor(t);
        const res = await postForm(agent, '/campaigns', campaignFields(overrides));
        assert.equal(res.status, 422);
        assert.match(res.text, message);
        assert.match(res.text, new RegExp(`id="f-${fieldName}"[^>]*aria-invalid="true"`));
        assert.match(res.text, /value="hiking"/);
        assert.equal(await count(t, 'campaigns', { sponsor_id: id }), 0);
      });
    }
  });

  it('needs a CSRF token', async () => {
    const { agent, id } = await sponsor(t);
    const res = await agent.post('/campaigns').type('form').send(campaignFields());
    assert.equal(res.status, 403);
    assert.equal(await count(t, 'campaigns', { sponsor_id: id }), 0);
  });
});

describe('GET /campaigns/:id', () => {
  it('shows its sponsor the details, progress, offers and collaborations', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { title: 'Trail boots', budgetCents: 500_000 });
    const lena = await influencer(t, { username: 'lena' + Date.now() });
    await offer(t, { campaignId, sponsorId: id, influencerId: lena, budgetCents: 120_000, status: 'accepted' });
    await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), budgetCents: 50_000, status: 'pending' });
    const res = await agent.get(`/campaigns/${campaignId}`).expect(200);
    assert.match(res.text, /<h1>Trail boots<\/h1>/);
    assert.match(res.text, /\$1,200\.00 of \$5,000\.00/);
    assert.match(res.text, /Influencers on board<\/dt>\s*<dd>1<\/dd>/);
    assert.match(res.text, /dot-pending/);
    assert.match(res.text, /Mark paid/);
  });

  it('answers 404 to another sponsor, and for ids that do not exist', async () => {
    const owner = await sponsor(t);
    const other = await sponsor(t);
    const campaignId = await campaign(t, owner.id);
    assert.equal((await other.agent.get(`/campaigns/${campaignId}`)).status, 404);
    assert.equal((await owner.agent.get('/campaigns/999999')).status, 404);
    assert.equal((await owner.agent.get('/campaigns/abc')).status, 404);
  });

  it('shows influencers public, unflagged campaigns only; users get 403', async () => {
    const owner = await sponsor(t);
    const open = await campaign(t, owner.id);
    const hidden = await campaign(t, owner.id, { visibility: 'private' });
    const flagged = await campaign(t, owner.id, { flagged: true });
    const influencerAgent = browser(t);
    await logIn(influencerAgent, (await t.ctx.db('users').where({ id: await influencer(t) }).first()).username);
    assert.equal((await influencerAgent.get(`/campaigns/${open}`)).status, 200);
    assert.equal((await influencerAgent.get(`/campaigns/${hidden}`)).status, 404);
    assert.equal((await influencerAgent.get(`/campaigns/${flagged}`)).status, 404);
    const seen = await influencerAgent.get(`/campaigns/${open}`);
    assert.doesNotMatch(seen.text, /Offers<\/h2>/);
    assert.match(seen.text, new RegExp(`href="/offers/new\\?campaign_id=${open}">Send request`));
    const userAgent = browser(t);
    await logIn(userAgent, (await t.ctx.db('users').where({ id: await account(t, 'user') }).first()).username);
    assert.equal((await userAgent.get(`/campaigns/${open}`)).status, 403);
  });

  it('shows the sponsor the admin’s flag and its reason', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { flagged: true });
    const page = await agent.get(`/campaigns/${campaignId}`);
    assert.match(page.text, /Flagged by the admin/);
    assert.match(page.text, /Reason: <bdi>Misleading<\/bdi>/);
    assert.match((await agent.get('/sponsor')).text, /Reason: <bdi>Misleading<\/bdi>/);
  });
});

describe('GET+POST /campaigns/:id (edit)', () => {
  it('shows the form filled in, and saves the changes', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { title: 'Old title', budgetCents: 250_000 });
    const form = await agent.get(`/campaigns/${campaignId}/edit`).expect(200);
    assert.match(form.text, /value="Old title"/);
    assert.match(form.text, /value="2500.00"/);
    const res = await postForm(agent, `/campaigns/${campaignId}`, campaignFields({ title: 'New title', budget: '3000' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/campaigns/${campaignId}`);
    const saved = await row(campaignId);
    assert.equal(saved.title, 'New title');
    assert.equal(Number(saved.budget_cents), 300_000);
  });

  it('refuses a budget below what accepted offers commit', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { budgetCents: 500_000 });
    await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), budgetCents: 200_000 });
    const res = await postForm(agent, `/campaigns/${campaignId}`, campaignFields({ budget: '1999.99' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /already commit \$2,000\.00/);
    assert.equal(Number((await row(campaignId)).budget_cents), 500_000);
  });

  it('answers 404 for another sponsor’s campaign and changes nothing', async () => {
    const owner = await sponsor(t);
    const other = await sponsor(t);
    const campaignId = await campaign(t, owner.id, { title: 'Mine' });
    assert.equal((await other.agent.get(`/campaigns/${campaignId}/edit`)).status, 404);
    const res = await postForm(other.agent, `/campaigns/${campaignId}`, campaignFields({ title: 'Stolen' }));
    assert.equal(res.status, 404);
    assert.equal((await row(campaignId)).title, 'Mine');
  });
});

describe('POST /campaigns/:id/delete', () => {
  it('asks to confirm first', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const page = await agent.get(`/campaigns/${campaignId}/delete`).expect(200);
    assert.match(page.text, /cannot be undone/);
    assert.match(page.text, new RegExp(`action="/campaigns/${campaignId}/delete"`));
    assert.ok(await row(campaignId));
  });

  it('deletes the campaign and its offers; the chat messages stay, as text', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const influencerId = await influencer(t);
    const sent = await postForm(agent, '/offers', {
      campaign_id: String(campaignId),
      influencer_id: String(influencerId),
      budget: '100',
      terms: 'One post',
      body: 'Would you like to work with us?',
    });
    assert.equal(sent.status, 303);
    const message = await t.ctx.db('messages').where({ sender_id: id }).first();
    assert.ok(message.offer_id);

    const res = await postForm(agent, `/campaigns/${campaignId}/delete`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sponsor');
    assert.equal(await row(campaignId), undefined);
    assert.equal(await count(t, 'offers', { campaign_id: campaignId }), 0);
    const kept = await t.ctx.db('messages').where({ id: message.id }).first();
    assert.equal(kept.body, 'Would you like to work with us?');
    assert.equal(kept.offer_id, null);
  });

  it('answers 404 for another sponsor’s campaign and deletes nothing', async () => {
    const owner = await sponsor(t);
    const other = await sponsor(t);
    const campaignId = await campaign(t, owner.id);
    assert.equal((await other.agent.get(`/campaigns/${campaignId}/delete`)).status, 404);
    assert.equal((await postForm(other.agent, `/campaigns/${campaignId}/delete`)).status, 404);
    assert.ok(await row(campaignId));
  });
});

describe('POST /campaigns/:id/visibility', () => {
  it('toggles without JavaScript: a redirect with a message', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { visibility: 'public' });
    const res = await postForm(agent, `/campaigns/${campaignId}/visibility`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sponsor');
    assert.equal((await row(campaignId)).visibility, 'private');
    assert.match((await agent.get('/sponsor')).text, /is now private/);
  });

  it('goes back to the campaign page when asked from there', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id);
    const res = await postForm(agent, `/campaigns/${campaignId}/visibility`, { return_to: `/campaigns/${campaignId}` });
    assert.equal(res.headers.location, `/campaigns/${campaignId}`);
    const evil = await postForm(agent, `/campaigns/${campaignId}/visibility`, { return_to: 'https://evil.example/' });
    assert.equal(evil.headers.location, '/sponsor');
  });

  it('answers htmx with the row in its new state, swapped in place', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { visibility: 'private' });
    const res = await postForm(agent, `/campaigns/${campaignId}/visibility`, {}, { 'HX-Request': 'true' });
    assert.equal(res.status, 200);
    assert.match(res.headers.vary as string, /HX-Request/);
    assert.match(res.text, new RegExp(`^<li class="card campaign-row" id="campaign-${campaignId}">`));
    assert.match(res.text, /badge-public/);
    assert.match(res.text, />Make private</);
    assert.doesNotMatch(res.text, /<html/);
    assert.equal((await row(campaignId)).visibility, 'public');
  });

  it('does not let a sponsor awaiting approval publish', async () => {
    const { agent, id } = await sponsor(t, { approved: false });
    const campaignId = await campaign(t, id, { visibility: 'private' });
    const res = await postForm(agent, `/campaigns/${campaignId}/visibility`);
    assert.equal(res.status, 403);
    assert.match(res.text, /awaits the admin’s approval/);
    assert.equal((await row(campaignId)).visibility, 'private');
  });

  it('answers 404 for another sponsor’s campaign', async () => {
    const owner = await sponsor(t);
    const other = await sponsor(t);
    const campaignId = await campaign(t, owner.id, { visibility: 'public' });
    assert.equal((await postForm(other.agent, `/campaigns/${campaignId}/visibility`)).status, 404);
    assert.equal((await row(campaignId)).visibility, 'public');
  });
});

describe('GET /sponsor (dashboard)', () => {
  it('shows each campaign with its progress: days elapsed, budget committed, influencers', async () => {
    const { agent, id } = await sponsor(t);
    const campaignId = await campaign(t, id, { title: 'Half way', startDate: inDays(-9), endDate: inDays(10), budgetCents: 400_000 });
    await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), budgetCents: 100_000 });
    await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), budgetCents: 50_000 });
    await offer(t, { campaignId, sponsorId: id, influencerId: await influencer(t), budgetCents: 999_999, status: 'rejected' });
    const res = await agent.get('/sponsor').expect(200);
    assert.match(res.text, /10 of 20 days/);
    assert.match(res.text, /\$1,500\.00 of \$4,000\.00/);
    assert.match(res.text, /Influencers on board<\/dt>\s*<dd>2<\/dd>/);
  });

  it('says what to do when there are no campaigns yet', async () => {
    const { agent } = await sponsor(t);
    assert.match((await agent.get('/sponsor')).text, /No campaigns yet/);
  });

  it('pages long lists, 20 to a page, newest first', async () => {
    const { agent, id } = await sponsor(t);
    for (let i = 1; i <= 23; i += 1) {
      await campaign(t, id, { title: `Numbered ${String(i).padStart(2, '0')}` });
      await t.ctx.db('campaigns').where({ title: `Numbered ${String(i).padStart(2, '0')}` }).update({ created_at: 1_000_000 + i });
    }
    const first = await agent.get('/sponsor');
    assert.match(first.text, /Numbered 23/);
    assert.doesNotMatch(first.text, /Numbered 03/);
    assert.match(first.text, /Page 1 of 2/);
    const second = await agent.get('/sponsor?page=2');
    assert.match(second.text, /Numbered 03/);
    assert.doesNotMatch(second.text, /Numbered 04/);
  });
});
