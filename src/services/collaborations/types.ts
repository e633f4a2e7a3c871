// What a collaboration is made of, as the pages and jobs see it.
import type { Results, ResultsTotals } from './results';

export const DELIVERABLE_STATES = ['due', 'submitted', 'changes_requested', 'approved'] as const;
export type DeliverableState = (typeof DELIVERABLE_STATES)[number];

/**
 * A collaboration is disputed while a dispute is open; otherwise active until it is paid with every
 * deliverable approved, then done.
 */
export const COLLABORATION_STATES = ['active', 'done', 'disputed'] as const;
export type CollaborationState = (typeof COLLABORATION_STATES)[number];

export const COLLABORATIONS_PAGE_SIZE = 20;

export interface Deliverable {
  id: number;
  offerId: number;
  title: string;
  dueDate: string;
  state: DeliverableState;
  url: string | null;
  note: string | null;
  changeReason: string | null;
  submittedAt: number | null;
  approvedAt: number | null;
  /** Not approved, and its due date has passed. */
  overdue: boolean;
  results: Results | null;
}


export interface CollaborationSummary {
  offerId: number;
  campaignId: number;
  campaignTitle: string;
  /** The campaign's dates. */
  startDate: string;
  endDate: string;
  sponsorId: number;
  sponsorUsername: string;
  influencerId: number;
  influencerUsername: string;
  budgetCents: number;
  paidAt: number | null;
  /** The earliest due date of what is not approved yet. */
  nextDue: string | null;
  state: CollaborationState;
}

export interface Dispute {
  id: number;
  offerId: number;
  openedByUsername: string | null;
  reason: string;
  openedAt: number;
  resolvedByUsername: string | null;
  resolutionNote: string | null;
  resolvedAt: number | null;
}

/** An open dispute as the admin's list shows it. */
export interface OpenDispute extends Dispute {
  campaignTitle: string;
  sponsorUsername: string;
  influencerUsername: string;
  budgetCents: number;
}

/** A deliverable on a dashboard: what, for which collaboration, by when. */
export interface DeliverableDue {
  id: number;
  offerId: number;
  title: string;
  dueDate: string;
  state: DeliverableState;
  overdue: boolean;
  campaignTitle: string;
  counterpartUsername: string;
}

/** How far ahead an influencer's dashboard looks for what is due. */
export const DUE_SOON_DAYS = 7;

export const DISPUTES_PAGE_SIZE = 20;

export interface CollaborationEvent {
  id: number;
  kind: string;
  actorUsername: string | null;
  detail: string;
  at: number;
}

export interface Collaboration extends CollaborationSummary {
  terms: string;
  acceptedAt: number | null;
  deliverables: (Deliverable & { can: DeliverableMoves })[];
  results: ResultsTotals;
  /** Every dispute, newest first (an open one first of all). */
  disputes: Dispute[];
  events: CollaborationEvent[];
  /** What the viewer may do to the collaboration itself. */
  can: { addDeliverable: boolean; pay: boolean; dispute: boolean };
}

/** A collaboration as stored, the same for every viewer. */
export interface CollaborationRecord {
  summary: CollaborationSummary & { terms: string; acceptedAt: number | null };
  deliverables: Deliverable[];
  events: CollaborationEvent[];
  disputes: Dispute[];
}

/** What the viewer may do to one deliverable now (the rules below, for the page's buttons). */
export interface DeliverableMoves {
  submit: boolean;
  review: boolean;
  remove: boolean;
  /** Either side, once it was submitted. */
  report: boolean;
}

export interface NewDeliverable {
  title: string;
  dueDate: string;
}

export interface Submission {
  url: string;
  note: string;
}

