// Who may see a campaign and what they may do with it: the rules the campaigns service asserts and
// its pages show (templates show actions by these flags, never by role).
import { type Viewer, vetted } from '../domain';
import type { Campaign } from './campaigns';

/** Why a sponsor that awaits approval (or was turned down) cannot publish. */
export const PUBLISHING_NEEDS_APPROVAL = 'Your sponsor account awaits the admin’s approval: until then a campaign can only be private.';

/** What the viewer may do with a campaign they can see: templates show actions by these, never by role. */
export interface CampaignAbilities {
  /** Edit, delete, publish, send offers from it: its own sponsor. */
  manage: boolean;
  /** Make it public: its sponsor, once approved. */
  publish: boolean;
  /** Its progress, collaborations and offers: its sponsor and admins. */
  seeOffers: boolean;
  /** The admin's flag and reason: everyone but influencers (for whom a flagged campaign is gone). */
  seeFlag: boolean;
  /** Ask to join it: an influencer. */
  request: boolean;
}

/** Who may open a campaign: its sponsor and admins always; influencers when public, unflagged, its sponsor active. */
export function canSee(viewer: Viewer, campaign: Campaign): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === 'sponsor') return campaign.sponsorId === viewer.id;
  if (viewer.role === 'influencer') return campaign.visibility === 'public' && !campaign.flagged && campaign.sponsorActive;
  return false;
}

export function abilities(viewer: Viewer, campaign: Campaign): CampaignAbilities {
  const manage = viewer.role === 'sponsor' && campaign.sponsorId === viewer.id;
  return {
    manage,
    publish: manage && vetted(viewer),
    seeOffers: manage || viewer.role === 'admin',
    seeFlag: viewer.role !== 'influencer',
    request: viewer.role === 'influencer',
  };
}
