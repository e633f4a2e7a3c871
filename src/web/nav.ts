// The header's navigation for each role: one list, so every page shows the same links.
import type { Role } from '../domain';

export interface NavLink {
  href: string;
  label: string;
  /** A full page load instead of an htmx swap: the page runs scripts of its own (chart.js). */
  fullLoad?: true;
  /** Shows the unread message count beside the link (kept current by live events). */
  unread?: true;
}

export const NAV: Record<Role, NavLink[]> = {
  admin: [
    { href: '/admin', label: 'Dashboard' },
    { href: '/admin/campaigns', label: 'Campaigns' },
    { href: '/admin/disputes', label: 'Disputes' },
    { href: '/admin/audit', label: 'Audit' },
    { href: '/admin/insights', label: 'Insights', fullLoad: true },
  ],
  sponsor: [
    { href: '/sponsor', label: 'Dashboard' },
    { href: '/campaigns/new', label: 'New campaign' },
    { href: '/sponsor/influencers', label: 'Find influencers' },
    { href: '/collaborations', label: 'Collaborations' },
    { href: '/inbox', label: 'Inbox', unread: true },
    { href: '/sponsor/exports', label: 'Export' },
    { href: '/sponsor/profile', label: 'Profile' },
  ],
  influencer: [
    { href: '/influencer', label: 'Dashboard' },
    { href: '/influencer/campaigns', label: 'Find campaigns' },
    { href: '/collaborations', label: 'Collaborations' },
    { href: '/inbox', label: 'Inbox', unread: true },
    { href: '/influencer/profile', label: 'Profile' },
  ],
  user: [
    { href: '/user', label: 'Dashboard' },
    { href: '/user/influencers', label: 'Find influencers' },
    { href: '/user/profile', label: 'Profile' },
  ],
};
