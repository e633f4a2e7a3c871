// The offer form: which campaign, to whom, for how much, on what terms, with a message.
import * as z from 'zod';
import { type Fields, form, id, money, text } from './form';

const offer = z.object({
  campaign_id: id('Choose one of your campaigns.'),
  influencer_id: id('Choose an influencer.'),
  budget: money(),
  terms: text({ label: 'Terms', multiline: true, required: true, max: 2000 }),
  body: text({ label: 'Message', multiline: true, max: 2000 }),
});

export type OfferFields = Fields<typeof offer.shape>;

export interface OfferInput {
  campaignId: number;
  influencerId: number;
  budgetCents: number;
  terms: string;
  body: string;
}

export const offerForm = form(offer, {
  to: (o): OfferInput => ({ campaignId: o.campaign_id, influencerId: o.influencer_id, budgetCents: o.budget, terms: o.terms, body: o.body }),
});
