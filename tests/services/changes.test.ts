// What a write records is what the cache forgets and which pages are told (src/changes.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore, effectsOf, record } from '../../src/changes';
import type { Cache } from '../../src/cache';
import type { Live, LiveNote } from '../../src/live/bus';
import { browser, logIn, withTestApp } from '../support/app';
import { campaign, influencer, postForm, sponsor } from '../support/factories';

const s = withTestApp();

describe('what a write changed', () => {
  it('is refused outside a write: a change recorded there would never reach a page', async () => {
    await s.t.ctx.db.transaction(async (trx) => {
      assert.throws(() => record(trx, { kind: 'campaign', campaignId: 1 }), /not inside store.write/);
    });
  });

  it('is told after the commit, cache first; a rolled-back write tells nothing', async () => {
    const told: string[] = [];
    const cache = { invalidate: async (families: readonly string[], scopes: readonly string[] = []) => void told.push(`cache ${[...families, ...scopes].join(' ')}`) } as unknown as Cache;
    const live = { publish: (notes: readonly LiveNote[]) => void told.push(`live ${notes.map((n) => `${n.to}:${n.names.join(',')}`).join(' ')}`) } as unknown as Live;
    const store = createStore(s.t.ctx.db, cache, live);
    await assert.rejects(
      store.write(async (trx) => {
        record(trx, { kind: 'chat-line', sponsorId: 1, influencerId: 2 });
        throw new Error('rolled back');
      }),
    );
    assert.deepEqual(told, []);
    await store.write(async (trx) => record(trx, { kind: 'chat-line', sponsorId: 1, influencerId: 2 }));
    assert.deepEqual(told, ['cache inbox:1 inbox:2', 'live 1:chat-2,inbox 2:chat-1,inbox']);
  });

  it('is as narrow as the facts: a pending offer empties no campaign listing, an accepted one does', () => {
    const pair = { offerId: 9, sponsorId: 1, influencerId: 2 };
    const pending = effectsOf([{ kind: 'offer', ...pair, now: 'pending' }, { kind: 'chat-line', sponsorId: 1, influencerId: 2 }]);
    assert.ok(!pending.families.includes('campaigns'));
    assert.deepEqual(pending.scopes, ['inbox:1', 'inbox:2']);
    const accepted = effectsOf([{ kind: 'offer', ...pair, now: 'accepted' }]);
    assert.ok(accepted.families.includes('campaigns'));
    assert.ok(accepted.scopes.includes('earnings:2') && accepted.scopes.includes('collaborations:1'));
    // Each family, scope and page once, however many changes name it.
    const twice = effectsOf([{ kind: 'collaboration', ...pair }, { kind: 'collaboration', ...pair }]);
    assert.equal(new Set(twice.scopes).size, twice.scopes.length);
    assert.deepEqual(twice.notes, [
      { to: 1, names: ['collaboration-9'] },
      { to: 2, names: ['collaboration-9'] },
    ]);
  });

  it('an offer sent from the search shows in the header’s unread count at once (cache on)', async () => {
    const { t } = s;
    const brand = await sponsor(t);
    const name = `hiker${Date.now() % 100000}`;
    const influencerId = await influencer(t, { username: name });
    const campaignId = await campaign(t, brand.id);
    const reader = browser(t);
    assert.equal((await logIn(reader, name)).status, 303);
    // The header's count is read (and cached) before the offer.
    assert.doesNotMatch((await reader.get('/influencer')).text, /class="new-count">1 new/);
    const sent = await postForm(brand.agent, '/offers', { campaign_id: String(campaignId), influencer_id: String(influencerId), budget: '120.00', terms: 'One post', body: 'Hello' });
    assert.equal(sent.status, 303);
    assert.match((await reader.get('/influencer')).text, /class="new-count">1 new/);
  });
});
