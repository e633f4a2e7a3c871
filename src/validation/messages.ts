// The chat form: a message, optionally carrying an offer (campaign, budget, terms).
import { checkMoney, checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';
import { parseId } from './search';

export interface MessageFields {
  body: string;
  campaign_id: string;
  budget: string;
  terms: string;
}

export interface MessageInput {
  body: string;
  offer: { campaignId: number; budgetCents: number; terms: string } | null;
}

export function validateMessage(body: FormBody | undefined): Validated<MessageFields> & { input: MessageInput | null } {
  const errors: FieldErrors = {};
  const values: MessageFields = {
    body: field(body, 'body'),
    campaign_id: field(body, 'campaign_id'),
    budget: field(body, 'budget'),
    terms: field(body, 'terms'),
  };
  checkText(errors, 'body', values.body, { label: 'Message', max: 2000 });
  const withOffer = values.campaign_id !== '';
  const campaignId = parseId(values.campaign_id);
  let budgetCents: number | null = null;
  if (withOffer) {
    if (campaignId === null) errors.campaign_id = 'Choose a campaign from the list.';
    budgetCents = checkMoney(errors, 'budget', values.budget, 'An offer needs a budget.');
    checkText(errors, 'terms', values.terms, { label: 'Terms', required: true, max: 2000 });
  } else if (values.body === '') {
    errors.body = 'Write a message, or add an offer.';
  }
  const validated = result(values, errors);
  return {
    ...validated,
    input: validated.ok
      ? { body: values.body, offer: withOffer ? { campaignId: campaignId!, budgetCents: budgetCents!, terms: values.terms } : null }
      : null,
  };
}
