// The marketplace's fixed vocabulary, in one place.
import { Invalid } from './errors';

export const ROLES = ['admin', 'sponsor', 'influencer', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person can choose at sign-up (admins are made by `npm run create-admin`). */
export const SIGNUP_ROLES = ['sponsor', 'influencer', 'user'] as const;
export type SignupRole = (typeof SIGNUP_ROLES)[number];

export type AccountStatus = 'pending' | 'active' | 'rejected' | 'suspended';

/** Who is asking: what every service that decides who may see or do something takes. */
export interface Viewer {
  id: number;
  role: Role;
  status: AccountStatus;
}

/**
 * Whether the account may act in the marketplace (publish, send offers, write to influencers): a
 * sponsor once the admin approved it; every other account while active. The one check of sponsor
 * approval: a pending or turned-down sponsor is not active.
 */
export function vetted(viewer: Pick<Viewer, 'status'>): boolean {
  return viewer.status === 'active';
}

/** Whether `viewer` may mark a collaboration paid: its own sponsor, once the offer is accepted, while it is not paid. */
export function mayMarkPaid(viewer: { id: number; role: Role }, offer: { sponsorId: number; status: string; paidAt: number | null }): boolean {
  return viewer.role === 'sponsor' && viewer.id === offer.sponsorId && offer.status === 'accepted' && offer.paidAt === null;
}

/**
 * Whether others can reach an account: write to it, send or answer its offers, see its campaigns.
 * Only an active one: not a suspended account, nor a sponsor awaiting approval or turned down.
 */
export function reachable(account: { status: string }): boolean {
  return account.status === 'active';
}

/**
 * A session is good while its account exists, is not suspended, and is at the token version the
 * session was issued with (logging out, a new password or a suspension moves the version on). The
 * one check behind every request, the chat poll's fast path and the live streams.
 */
export function sessionHolds(account: { status: string; tokenVersion: number } | null | undefined, tokenVersion: number): boolean {
  return !!account && account.status !== 'suspended' && account.tokenVersion === tokenVersion;
}

/** The profile fields each role fills in besides username, email, phone and password. */
export const PROFILE_FIELDS: Record<Role, { industry: boolean; categoryAndNiche: boolean; creator: boolean }> = {
  admin: { industry: false, categoryAndNiche: false, creator: false },
  sponsor: { industry: true, categoryAndNiche: false, creator: false },
  influencer: { industry: false, categoryAndNiche: true, creator: true },
  user: { industry: false, categoryAndNiche: false, creator: false },
};

/** Roles whose new accounts wait for the admin's approval before they publish or send offers. */
export const NEEDS_APPROVAL: readonly Role[] = ['sponsor'];

export function needsApproval(role: Role): boolean {
  return NEEDS_APPROVAL.includes(role);
}

/** Accounts the admin may suspend and restore (users and admins cannot be suspended). */
export const SUSPENDABLE_ROLES: readonly Role[] = ['influencer', 'sponsor'];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A campaign as its sponsor enters it (the campaign form, cleaned). */
export interface CampaignInput {
  title: string;
  description: string;
  niche: string | null;
  startDate: string;
  endDate: string;
  budgetCents: number;
  visibility: Visibility;
  goals: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  sponsor: 'Sponsor',
  influencer: 'Influencer',
  user: 'User',
};

/** What deleting an account of each role takes with it, for the admin's confirmation. */
export const DELETION_CONSEQUENCES: Record<Role, string> = {
  admin: '',
  sponsor: 'its campaigns with their offers,',
  influencer: 'its offers and collaborations, its followers,',
  user: 'the influencers it follows lose it as a follower,',
};

/** How each offer status reads, in the chat and on a campaign. */
export const OFFER_STATUS_LABELS = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Declined',
  superseded: 'Replaced by a newer offer',
} as const;

export const EXPORT_STATUS_LABELS = { queued: 'Queued', running: 'Running', ready: 'Ready', failed: 'Failed' } as const;

/** How a deliverable's state and a collaboration's state read. */
export const DELIVERABLE_STATE_LABELS = { due: 'Due', submitted: 'Submitted, awaiting review', changes_requested: 'Changes requested', approved: 'Approved' } as const;
export const COLLABORATION_STATE_LABELS = { active: 'Active', done: 'Done', disputed: 'Disputed' } as const;

/** What an empty inbox suggests, for the two roles that have one. */
export const INBOX_EMPTY: Partial<Record<Role, { href: string; link: string; then: string }>> = {
  sponsor: { href: '/sponsor/influencers', link: 'Find an influencer', then: 'and send an offer to start one.' },
  influencer: { href: '/influencer/campaigns', link: 'Find a campaign', then: 'and send a request to start one.' },
};

/** Every label the templates print by a value (role, status): one place to reword them. */
export const LABELS = {
  roles: ROLE_LABELS,
  offerStatus: OFFER_STATUS_LABELS,
  exportStatus: EXPORT_STATUS_LABELS,
  deliverableState: DELIVERABLE_STATE_LABELS,
  collaborationState: COLLABORATION_STATE_LABELS,
  deletion: DELETION_CONSEQUENCES,
  standing: { star: 'Star: 1,000+ followers', rising: 'Rising: 100+ followers', new: 'Emerging' } satisfies Record<Standing, string>,
};

/** The role with its article, for sentences: "Sign up as an influencer". */
export const A_ROLE: Record<Role, string> = {
  admin: 'an admin',
  sponsor: 'a sponsor',
  influencer: 'an influencer',
  user: 'a user',
};

/** Where each role lands after logging in. */
export const DASHBOARDS: Record<Role, string> = {
  admin: '/admin',
  sponsor: '/sponsor',
  influencer: '/influencer',
  user: '/user',
};

export const INFLUENCER_CATEGORIES = [
  'Art & Design',
  'Beauty',
  'Education',
  'Family & Parenting',
  'Fashion',
  'Finance',
  'Fitness',
  'Food & Drink',
  'Gaming',
  'Health',
  'Lifestyle',
  'Music',
  'Sports',
  'Technology',
  'Travel',
  'Other',
] as const;

/** An influencer's standing by follower count: the thresholds live here and nowhere else. */
export const STANDINGS = [
  { name: 'star', minFollowers: 1000 },
  { name: 'rising', minFollowers: 100 },
  { name: 'new', minFollowers: 0 },
] as const;
export type Standing = (typeof STANDINGS)[number]['name'];

export function standingFor(followers: number): Standing {
  return (STANDINGS.find((s) => followers >= s.minFollowers) ?? STANDINGS[STANDINGS.length - 1]!).name;
}

/** How the influencer search may be sorted (the first is the default). */
export const INFLUENCER_SORTS = ['followers', 'engagement', 'price', 'category', 'niche'] as const;
export type InfluencerSort = (typeof INFLUENCER_SORTS)[number];
export const INFLUENCER_SORT_LABELS: Record<InfluencerSort, string> = {
  followers: 'Most followers',
  engagement: 'Highest engagement',
  price: 'Lowest price',
  category: 'Category',
  niche: 'Niche',
};

/** How the campaign search may be sorted (the first is the default). */
export const CAMPAIGN_SORTS = ['start', 'budget'] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];

/** Bidi controls (U+202A–E, U+2066–9): refused in usernames, removed from single-line text. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export const REASON_MAX = 500;

/**
 * The reason a moderation step needs (shown to whom it concerns): cleaned and trimmed, else
 * Invalid on `reason` with `missing` (or when over {@link REASON_MAX} characters).
 */
export function requireReason(value: string, missing: string): string {
  const reason = value.replace(BIDI_CONTROLS, '').trim();
  if (!reason) throw new Invalid({ reason: missing });
  if (reason.length > REASON_MAX) throw new Invalid({ reason: `A reason must be at most ${REASON_MAX} characters.` });
  return reason;
}


/** The two sides of a conversation (and of the offers and collaborations between them). */
export interface Pair {
  sponsorId: number;
  influencerId: number;
}

/** The pair `me` forms with the account `otherId` (of the other side). */
export function pairOf(me: { id: number; role: Role }, otherId: number): Pair {
  return me.role === 'sponsor' ? { sponsorId: me.id, influencerId: otherId } : { sponsorId: otherId, influencerId: me.id };
}
