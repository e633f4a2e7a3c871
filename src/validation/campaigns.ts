// The campaign form (create and edit).
import * as z from 'zod';
import type { CampaignInput } from '../domain';
import { VISIBILITIES } from '../domain';
import { date, type Fields, form, money, oneOf, text, whenValid } from './form';

const campaign = z
  .object({
    title: text({ label: 'Title', required: true, max: 120 }),
    description: text({ label: 'Description', multiline: true, max: 5000 }),
    niche: text({ label: 'Niche', max: 60 }),
    start_date: date('Start date'),
    end_date: date('End date'),
    budget: money(),
    visibility: oneOf(VISIBILITIES, 'Choose public or private.'),
    goals: text({ label: 'Goals', multiline: true, max: 2000 }),
  })
  .refine((c) => c.end_date >= c.start_date, { path: ['end_date'], error: 'End date cannot be before the start date.', ...whenValid('start_date', 'end_date') });

/** What the form holds, as typed (re-rendered on a mistake). */
export type CampaignFields = Fields<typeof campaign.shape>;

export const campaignForm = form(campaign, {
  to: (c): CampaignInput => ({
    title: c.title,
    description: c.description,
    niche: c.niche || null,
    startDate: c.start_date,
    endDate: c.end_date,
    budgetCents: c.budget,
    visibility: c.visibility,
    goals: c.goals,
  }),
});
