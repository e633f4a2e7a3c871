// The chat form: a message, optionally carrying an offer (campaign, budget, terms).
import * as z from 'zod';
import { checkFields, type Fields, form, id, money, text } from './form';

const OFFER_FIELDS = {
  campaign_id: id('Choose a campaign from the list.'),
  budget: money('An offer needs a budget.'),
  terms: text({ label: 'Terms', multiline: true, required: true, max: 2000 }),
};

const message = z
  .object({ body: text({ label: 'Message', multiline: true, max: 2000 }), campaign_id: z.string(), budget: z.string(), terms: z.string() })
  .superRefine((m, ctx) => {
    // An offer's fields are checked when a campaign is chosen; without one, the message is needed.
    if (m.campaign_id === '') {
      // A budget or terms without a campaign is an offer left half-made: never send the message alone.
      if (m.budget !== '' || m.terms !== '') {
        ctx.addIssue({ code: 'custom', path: ['campaign_id'], message: 'Choose the campaign this offer is for, or clear its budget and terms to send only the message.' });
      } else if (m.body === '') ctx.addIssue({ code: 'custom', path: ['body'], message: 'Write a message, or add an offer.' });
      return;
    }
    checkFields(ctx, OFFER_FIELDS, m);
  });

export type MessageFields = Fields<typeof message.shape>;

export interface MessageInput {
  body: string;
  offer: { campaignId: number; budgetCents: number; terms: string } | null;
}

export const messageForm = form(message, {
  to: (m): MessageInput => ({
    body: m.body,
    offer: m.campaign_id === '' ? null : { campaignId: OFFER_FIELDS.campaign_id.parse(m.campaign_id), budgetCents: OFFER_FIELDS.budget.parse(m.budget), terms: m.terms },
  }),
});
