// The header's navigation for each role: one list, so every page shows the same links.
import type { Role } from '../domain';

export interface NavLink {
  href: string;
  label: string;
}

export const NAV: Record<Role, NavLink[]> = {
  admin: [{ href: '/admin', label: 'Dashboard' }],
  sponsor: [
    { href: '/sponsor', label: 'Dashboard' },
    { href: '/campaigns/new', label: 'New campaign' },
    { href: '/sponsor/influencers', label: 'Find influencers' },
    { href: '/inbox', label: 'Inbox' },
    { href: '/sponsor/profile', label: 'Profile' },
  ],
  influencer: [
    { href: '/influencer', label: 'Dashboard' },
    { href: '/influencer/campaigns', label: 'Find campaigns' },
    { href: '/inbox', label: 'Inbox' },
    { href: '/influencer/profile', label: 'Profile' },
  ],
  user: [
    { href: '/user', label: 'Dashboard' },
    { href: '/user/profile', label: 'Profile' },
  ],
};
