// Who may do what on a collaboration and its deliverables: the one place each rule is written.
import type { Viewer } from '../../domain';
import type { Deliverable, DeliverableMoves } from './types';

/** The sponsor's side: the one who sets and reviews deliverables, and pays. */
export function isSponsorOf(viewer: Viewer, c: { sponsorId: number }): boolean {
  return viewer.role === 'sponsor' && viewer.id === c.sponsorId;
}

export function isInfluencerOf(viewer: Viewer, c: { influencerId: number }): boolean {
  return viewer.role === 'influencer' && viewer.id === c.influencerId;
}

/** Who may open a collaboration: its two sides and admins. */
export function canSee(viewer: Viewer, c: { sponsorId: number; influencerId: number }): boolean {
  return viewer.role === 'admin' || isSponsorOf(viewer, c) || isInfluencerOf(viewer, c);
}

export function deliverableMoves(viewer: Viewer, c: { sponsorId: number; influencerId: number; paidAt: number | null }, d: Pick<Deliverable, 'state' | 'submittedAt'>): DeliverableMoves {
  return {
    submit: isInfluencerOf(viewer, c) && (d.state === 'due' || d.state === 'changes_requested'),
    review: isSponsorOf(viewer, c) && d.state === 'submitted',
    remove: isSponsorOf(viewer, c) && d.state === 'due' && d.submittedAt === null,
    report: (isSponsorOf(viewer, c) || isInfluencerOf(viewer, c)) && d.submittedAt !== null,
  };
}

