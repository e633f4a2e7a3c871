// The offer form: which campaign, to whom, for how much, on what terms, with a message.
import { checkMoney, checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';
import { parseId } from './search';

export interface OfferFields {
  campaign_id: string;
  influencer_id: string;
  budget: string;
  terms: string;
  body: string;
}

export interface OfferInput {
  campaignId: number;
  influencerId: number;
  budgetCents: number;
  terms: string;
  body: string;
}

export function validateOffer(body: FormBody | undefined): Validated<OfferFields> & { input: OfferInput | null } {
  const errors: FieldErrors = {};
  const values: OfferFields = {
    campaign_id: field(body, 'campaign_id'),
    influencer_id: field(body, 'influencer_id'),
    budget: field(body, 'budget'),
    terms: field(body, 'terms'),
    body: field(body, 'body'),
  };
  const campaignId = parseId(values.campaign_id);
  const influencerId = parseId(values.influencer_id);
  if (campaignId === null) errors.campaign_id = 'Choose one of your campaigns.';
  if (influencerId === null) errors.influencer_id = 'Choose an influencer.';
  const budgetCents = checkMoney(errors, 'budget', values.budget);
  checkText(errors, 'terms', values.terms, { label: 'Terms', required: true, max: 2000 });
  checkText(errors, 'body', values.body, { label: 'Message', max: 2000 });
  const validated = result(values, errors);
  return {
    ...validated,
    input: validated.ok
      ? { campaignId: campaignId!, influencerId: influencerId!, budgetCents: budgetCents!, terms: values.terms, body: values.body }
      : null,
  };
}
