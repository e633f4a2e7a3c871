// The marketplace's fixed vocabulary, in one place.

export const ROLES = ['admin', 'sponsor', 'influencer', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person can choose at sign-up (admins are made by `npm run create-admin`). */
export const SIGNUP_ROLES = ['sponsor', 'influencer', 'user'] as const;
export type SignupRole = (typeof SIGNUP_ROLES)[number];

export type AccountStatus = 'pending' | 'active' | 'rejected' | 'suspended';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  sponsor: 'Sponsor',
  influencer: 'Influencer',
  user: 'User',
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
