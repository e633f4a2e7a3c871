// Emails rendered from views/emails: the HTML part escapes what people typed, the text part keeps
// it as typed, and both list the same things.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reminderEmail } from '../../src/jobs/reminders';
import type { ReminderContent } from '../../src/services/reminders';

const content = {
  influencerId: 1,
  username: 'lena<b>',
  email: 'lena@example.com',
  visitedToday: false,
  pendingOffers: [{ offerId: 1, campaignTitle: 'Fish & <chips>', sponsorUsername: 'acme', sponsorId: 2, budgetCents: 12_345 }],
  unseen: [{ sponsorId: 3, sponsorUsername: 'zeta', count: 2 }],
  deliverables: [] as ReminderContent['deliverables'],
};

describe('emails', () => {
  it('escape what people typed in HTML and keep it in text', () => {
    const email = reminderEmail({ publicUrl: 'https://im.example' }, content);
    assert.equal(email.subject, '2 things waiting for you on Influence Market');
    assert.match(email.html, /Hello lena&lt;b&gt;,/);
    assert.match(email.html, /“Fish &amp; &lt;chips&gt;” – <a href="https:\/\/im.example\/inbox\/2">answer it<\/a>/);
    assert.doesNotMatch(email.html, /<chips>|<b>/);
    assert.equal(
      email.text,
      'Hello lena<b>,\n\nHere is what is waiting for you:\n- Offer from acme: $123.45 for “Fish & <chips>”: https://im.example/inbox/2\n- 2 unread messages from zeta: https://im.example/inbox/3\n\nInfluence Market\n',
    );
  });

  it('list deliverables due soon and overdue, with a link to each collaboration', () => {
    const deliverables = [
      { id: 1, offerId: 7, title: 'Story <series>', dueDate: '2026-11-29', state: 'due' as const, overdue: true, campaignTitle: 'Winter', counterpartUsername: 'acme' },
      { id: 2, offerId: 7, title: 'Reel', dueDate: '2026-12-01', state: 'changes_requested' as const, overdue: false, campaignTitle: 'Winter', counterpartUsername: 'acme' },
    ];
    const email = reminderEmail({ publicUrl: 'https://im.example' }, { ...content, pendingOffers: [], unseen: [], deliverables });
    assert.equal(email.subject, '2 things waiting for you on Influence Market');
    assert.match(email.text, /- Overdue since 29 Nov 2026: “Story <series>” for acme \(“Winter”\): https:\/\/im.example\/collaborations\/7/);
    assert.match(email.text, /- Due 1 Dec 2026: “Reel”/);
    assert.match(email.html, /“Story &lt;series&gt;”/);
  });

  it('invite back an influencer with nothing waiting', () => {
    const email = reminderEmail({ publicUrl: 'https://im.example' }, { ...content, pendingOffers: [], unseen: [] });
    assert.equal(email.subject, 'New campaigns may be waiting for you');
    assert.match(email.text, /new campaigns may be waiting at https:\/\/im.example\/influencer\/campaigns/);
    assert.doesNotMatch(email.html, /<ul/);
  });
});
