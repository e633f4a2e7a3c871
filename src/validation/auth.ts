// The sign-up and login forms, and the fields every account has.
import * as z from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, passwordWeakness } from '../auth/passwords';
import { INFLUENCER_CATEGORIES, PROFILE_FIELDS, type Role, SIGNUP_ROLES, type SignupRole } from '../domain';
import { checkFields, type Fields, form, oneOf, text } from './form';

export const USERNAME = text({
  label: 'Username',
  required: true,
  min: 3,
  max: 30,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  patternMessage: 'Username may use letters, digits, dots, dashes and underscores only.',
});
export const PHONE = text({
  label: 'Phone',
  required: true,
  max: 32,
  pattern: /^\+?[0-9][0-9 ().-]{5,30}$/,
  patternMessage: 'Phone must be a phone number, e.g. +44 20 7946 0958.',
});
const EMAIL = text({
  label: 'Email',
  required: true,
  max: 254,
  pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  patternMessage: 'Email must be an address like name@example.com.',
});

/** A new password: 12 to 128 characters, kept exactly as typed. */
export const NEW_PASSWORD = z
  .string()
  .min(1, { error: 'Password is required.' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

/** A long enough new password must also be hard to guess ({@link passwordWeakness}): its message on `field`. */
export function checkPasswordStrength(ctx: z.RefinementCtx, field: string, password: string, person: { username?: string; email?: string }): void {
  if (!NEW_PASSWORD.safeParse(password).success) return;
  const weakness = passwordWeakness(password, person);
  if (weakness) ctx.addIssue({ code: 'custom', path: [field], message: weakness });
}

const accountFields = { username: USERNAME, email: EMAIL, phone: PHONE, password: NEW_PASSWORD };

/** The fields every account has, whoever creates it (sign-up or `npm run create-admin`). */
export const account = z.object(accountFields).superRefine((a, ctx) => checkPasswordStrength(ctx, 'password', a.password, a));

const ROLE_FIELDS = {
  industry: text({ label: 'Industry', required: true, max: 80 }),
  category: oneOf(INFLUENCER_CATEGORIES, 'Choose a category from the list.', 'Category is required.'),
  niche: text({ label: 'Niche', required: true, max: 60 }),
};

/** The role's own profile fields ({@link PROFILE_FIELDS}), on the sign-up and the profile form. */
export function checkRoleFields(ctx: z.RefinementCtx, role: Role, values: { industry: string; category: string; niche: string }): void {
  const fields = PROFILE_FIELDS[role];
  if (fields.industry) checkFields(ctx, { industry: ROLE_FIELDS.industry }, values);
  if (fields.categoryAndNiche) checkFields(ctx, { category: ROLE_FIELDS.category, niche: ROLE_FIELDS.niche }, values);
}

const signup = z
  .object({
    role: oneOf(SIGNUP_ROLES, 'Choose to sign up as a sponsor, an influencer or a user.'),
    ...accountFields,
    industry: z.string(),
    category: z.string(),
    niche: z.string(),
  })
  // The role's own fields are checked once a role is chosen (a refinement runs on every field's message).
  .superRefine((s, ctx) => {
    if ((SIGNUP_ROLES as readonly string[]).includes(s.role)) checkRoleFields(ctx, s.role, s);
    checkPasswordStrength(ctx, 'password', s.password, s);
  });

export type SignupFields = Fields<typeof signup.shape>;
export type SignupInput = z.output<typeof signup> & { role: SignupRole };

export const signupForm = form(signup, { untrimmed: ['password'], to: (s) => ({ ...s, email: s.email.toLowerCase() }) });

const login = z.object({
  username: z
    .string()
    .min(1, { error: 'Enter your username or email.' })
    .max(254, 'That is not a username or email.'),
  password: z
    .string()
    .min(1, { error: 'Enter your password.' })
    .max(PASSWORD_MAX, 'Wrong username/email or password.'),
});

export const loginForm = form(login, { untrimmed: ['password'] });

/** "Forgot your password?": the account's email. */
export const forgotForm = form(z.object({ email: EMAIL }), { to: (f) => ({ email: f.email.toLowerCase() }) });

/** A new password through a reset link (its strength is checked by the service, which knows the account). */
export const resetForm = form(z.object({ new_password: NEW_PASSWORD }), { untrimmed: ['new_password'] });
