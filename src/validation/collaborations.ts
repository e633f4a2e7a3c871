// A collaboration's forms: a deliverable (sponsor), a submission (influencer), a change request.
import * as z from 'zod';
import { today } from '../format';
import type { NewDeliverable, Results, Submission } from '../services/collaborations';
import { isWebLink, WEB_LINK_MESSAGE } from '../services/deliverableRules';
import { date, type Fields, form, text, whenValid } from './form';

const deliverable = z
  .object({
    title: text({ label: 'Title', required: true, max: 100 }),
    due_date: date('Due date'),
  })
  .refine((d) => d.due_date >= today(), { path: ['due_date'], error: 'Due date cannot be in the past.', ...whenValid('due_date') });

export type DeliverableFields = Fields<typeof deliverable.shape>;

export const deliverableForm = form(deliverable, { to: (d): NewDeliverable => ({ title: d.title, dueDate: d.due_date }) });

const submission = z.object({
  url: text({ label: 'Link', required: 'Paste the link to the published post.', max: 500 }).refine(isWebLink, {
    error: WEB_LINK_MESSAGE,
    ...whenValid('url'),
  }),
  note: text({ label: 'Note', multiline: true, max: 1000 }),
});

export type SubmissionFields = Fields<typeof submission.shape>;

export const submissionForm = form(submission, { to: (s): Submission => ({ url: s.url, note: s.note }) });

const changes = z.object({ reason: text({ label: 'Reason', multiline: true, required: 'Say what should change.', max: 1000 }) });

export type ChangesFields = Fields<typeof changes.shape>;

export const changesForm = form(changes, { to: (c) => c.reason });

/** A whole number of views, likes… (0 or more), as typed: "1200" or "1,200". */
function tally(label: string): z.ZodType<number, string> {
  return z.string().transform((value, ctx) => {
    const digits = value.replace(/,/g, '');
    if (!/^\d{1,12}$/.test(digits)) {
      ctx.issues.push({ code: 'custom', message: value === '' ? `${label} is required (0 if none).` : `${label} must be a whole number, 0 or more.`, input: value });
      return 0;
    }
    return Number(digits);
  });
}

const results = z.object({ views: tally('Views'), likes: tally('Likes'), comments: tally('Comments'), clicks: tally('Clicks') });

export type ResultsFields = Fields<typeof results.shape>;

export const resultsForm = form(results, { to: (r): Results => r });

const dispute = z.object({ reason: text({ label: 'Reason', multiline: true, required: 'Say what went wrong.', max: 1000 }) });

export type DisputeFields = Fields<typeof dispute.shape>;

export const disputeForm = form(dispute, { to: (d) => d.reason });

const resolution = z.object({ note: text({ label: 'Note', multiline: true, required: 'Write a note for both sides.', max: 1000 }) });

export type ResolutionFields = Fields<typeof resolution.shape>;

export const resolutionForm = form(resolution, { to: (r) => r.note });
