// Text that could display reversed: bidi controls (U+202A–U+202E, U+2066–U+2069) are refused in
// usernames, removed from single-line fields, and long text is shown isolated (dir="auto", <bdi>).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEmail } from '../../src/format';
import { browser, signUp, withTestApp } from '../support/app';
import { campaign, campaignFields, influencer, postForm, sponsor } from '../support/factories';

const app = withTestApp();
const RLO = '\u202E';
const ISOLATE = '\u2067';

describe('bidi control characters', () => {
  it('are refused in a username, at sign-up and on the profile', async () => {
    const { res } = await signUp(browser(app.t), 'user', { username: `evil${RLO}gnp` });
    assert.equal(res.status, 422);
    assert.match(res.text, /Username may use letters, digits, dots, dashes and underscores only/);
    const brand = await sponsor(app.t);
    const renamed = await postForm(brand.agent, '/sponsor/profile', { username: `${ISOLATE}brand`, phone: '+44 7700 900123', industry: 'Shoes' });
    assert.equal(renamed.status, 422);
    assert.equal((await app.t.ctx.db('users').where({ id: brand.id }).first()).username, brand.username);
  });

  it('are removed from single-line fields: a title, a niche, a reason', async () => {
    const brand = await sponsor(app.t);
    const res = await postForm(brand.agent, '/campaigns', campaignFields({ title: `Invoice ${RLO}fdp.exe`, niche: `hik${ISOLATE}ing` }));
    assert.equal(res.status, 303);
    const stored = await app.t.ctx.db('campaigns').where({ sponsor_id: brand.id }).first();
    assert.equal(stored.title, 'Invoice fdp.exe');
    assert.equal(stored.niche, 'hiking');
  });

  it('a title of controls alone is empty, and so refused', async () => {
    const brand = await sponsor(app.t);
    const res = await postForm(brand.agent, '/campaigns', campaignFields({ title: `${RLO}${ISOLATE}` }));
    assert.equal(res.status, 422);
    assert.match(res.text, /Title is required/);
  });

  it('are kept in long text, which pages show isolated', async () => {
    const brand = await sponsor(app.t);
    const influencerId = await influencer(app.t);
    const body = `Hello ${RLO}olleh`;
    assert.equal((await postForm(brand.agent, `/inbox/${influencerId}/messages`, { body })).status, 303);
    const chat = await brand.agent.get(`/inbox/${influencerId}`);
    assert.match(chat.text, new RegExp(`<p class="body" dir="auto">${body}</p>`));
    const id = await campaign(app.t, brand.id, { description: `Plan ${RLO}nalp` });
    const page = await brand.agent.get(`/campaigns/${id}`);
    assert.match(page.text, new RegExp(`<p class="prose" dir="auto">Plan ${RLO}nalp</p>`));
  });
});

describe('emails printed with their wrapping points', () => {
  it('stay escaped: markup in an address shows as text', () => {
    assert.equal(formatEmail('a<b>"x\'@ex&ample.com'), 'a&lt;b&gt;&quot;x&#39;<wbr>@ex&amp;ample<wbr>.com');
    assert.equal(formatEmail('no-at-sign<i>'), 'no-at-sign&lt;i&gt;');
  });
});
