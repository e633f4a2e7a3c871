// The campaign form (create and edit).
import { type CampaignInput, VISIBILITIES, type Visibility } from '../domain';
import { isIsoDate } from '../format';
import { checkMoney, checkOneOf, checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';


/** What the form holds, as typed (re-rendered on a mistake). */
export interface CampaignFields {
  title: string;
  description: string;
  niche: string;
  start_date: string;
  end_date: string;
  budget: string;
  visibility: string;
  goals: string;
}

export function validateCampaign(body: FormBody | undefined): Validated<CampaignFields> & { input: CampaignInput | null } {
  const errors: FieldErrors = {};
  const values: CampaignFields = {
    title: field(body, 'title'),
    description: field(body, 'description'),
    niche: field(body, 'niche'),
    start_date: field(body, 'start_date'),
    end_date: field(body, 'end_date'),
    budget: field(body, 'budget'),
    visibility: field(body, 'visibility'),
    goals: field(body, 'goals'),
  };
  checkText(errors, 'title', values.title, { label: 'Title', required: true, max: 120 });
  checkText(errors, 'description', values.description, { label: 'Description', max: 5000 });
  checkText(errors, 'niche', values.niche, { label: 'Niche', max: 60 });
  checkText(errors, 'goals', values.goals, { label: 'Goals', max: 2000 });
  for (const [name, label] of [
    ['start_date', 'Start date'],
    ['end_date', 'End date'],
  ] as const) {
    if (values[name] === '') errors[name] = `${label} is required.`;
    else if (!isIsoDate(values[name])) errors[name] = `${label} must be a date like 2027-03-31.`;
  }
  if (!errors.start_date && !errors.end_date && values.end_date < values.start_date) {
    errors.end_date = 'End date cannot be before the start date.';
  }
  const budgetCents = checkMoney(errors, 'budget', values.budget);
  checkOneOf(errors, 'visibility', values.visibility, VISIBILITIES, 'Choose public or private.');

  const validated = result(values, errors);
  return {
    ...validated,
    input: validated.ok
      ? {
          title: values.title,
          description: values.description,
          niche: values.niche || null,
          startDate: values.start_date,
          endDate: values.end_date,
          budgetCents: budgetCents!,
          visibility: values.visibility as Visibility,
          goals: values.goals,
        }
      : null,
  };
}
