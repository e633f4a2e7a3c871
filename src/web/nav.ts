// The header's navigation for each role: one list, so every page shows the same links.
import type { Role } from '../domain';

export interface NavLink {
  href: string;
  label: string;
}

export const NAV: Record<Role, NavLink[]> = {
  admin: [{ href: '/admin', label: 'Dashboard' }],
  sponsor: [{ href: '/sponsor', label: 'Dashboard' }],
  influencer: [{ href: '/influencer', label: 'Dashboard' }],
  user: [{ href: '/user', label: 'Dashboard' }],
};
