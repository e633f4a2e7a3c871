// The sign-up and login forms.
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/passwords';
import { INFLUENCER_CATEGORIES, PROFILE_FIELDS, type Role, SIGNUP_ROLES, type SignupRole } from '../domain';
import { checkOneOf, checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';

export const USERNAME_RULE = {
  label: 'Username',
  required: true,
  min: 3,
  max: 30,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  patternMessage: 'Username may use letters, digits, dots, dashes and underscores only.',
};
export const PHONE_RULE = {
  label: 'Phone',
  required: true,
  max: 32,
  pattern: /^\+?[0-9][0-9 ().-]{5,30}$/,
  patternMessage: 'Phone must be a phone number, e.g. +44 20 7946 0958.',
};
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A new password: 12 to 128 characters, kept exactly as typed. */
export function checkNewPassword(errors: FieldErrors, name: string, value: string): void {
  if (value === '') errors[name] = 'Password is required.';
  else if (value.length < PASSWORD_MIN) errors[name] = `Password must be at least ${PASSWORD_MIN} characters.`;
  else if (value.length > PASSWORD_MAX) errors[name] = `Password must be at most ${PASSWORD_MAX} characters.`;
}

/** The fields every account has, whoever creates it (sign-up or `npm run create-admin`). */
export function checkAccountFields(
  errors: FieldErrors,
  values: { username: string; email: string; phone: string; password: string },
): void {
  checkText(errors, 'username', values.username, USERNAME_RULE);
  checkText(errors, 'email', values.email, {
    label: 'Email',
    required: true,
    max: 254,
    pattern: EMAIL_PATTERN,
    patternMessage: 'Email must be an address like name@example.com.',
  });
  checkText(errors, 'phone', values.phone, PHONE_RULE);
  checkNewPassword(errors, 'password', values.password);
}

export interface SignupForm {
  role: SignupRole | '';
  username: string;
  email: string;
  phone: string;
  password: string;
  industry: string;
  category: string;
  niche: string;
}

export function validateSignup(body: FormBody | undefined): Validated<SignupForm> {
  const errors: FieldErrors = {};
  const role = field(body, 'role');
  const values: SignupForm = {
    role: '',
    username: field(body, 'username'),
    email: field(body, 'email').toLowerCase(),
    phone: field(body, 'phone'),
    password: field(body, 'password', { trim: false }),
    industry: field(body, 'industry'),
    category: field(body, 'category'),
    niche: field(body, 'niche'),
  };
  if (checkOneOf(errors, 'role', role, SIGNUP_ROLES, 'Choose to sign up as a sponsor, an influencer or a user.')) {
    values.role = role;
  }
  checkAccountFields(errors, values);
  if (values.role) checkRoleFields(errors, values.role, values);
  return result(values, errors);
}

/** The role's own profile fields ({@link PROFILE_FIELDS}), on the sign-up and the profile form. */
export function checkRoleFields(errors: FieldErrors, role: Role, values: { industry: string; category: string; niche: string }): void {
  const fields = PROFILE_FIELDS[role];
  if (fields.industry) checkText(errors, 'industry', values.industry, { label: 'Industry', required: true, max: 80 });
  if (fields.categoryAndNiche) {
    if (values.category === '') errors.category = 'Category is required.';
    else checkOneOf(errors, 'category', values.category, INFLUENCER_CATEGORIES, 'Choose a category from the list.');
    checkText(errors, 'niche', values.niche, { label: 'Niche', required: true, max: 60 });
  }
}

export interface LoginForm {
  username: string;
  password: string;
}

export function validateLogin(body: FormBody | undefined): Validated<LoginForm> {
  const errors: FieldErrors = {};
  const values = { username: field(body, 'username'), password: field(body, 'password', { trim: false }) };
  if (values.username === '') errors.username = 'Enter your username or email.';
  else if (values.username.length > 254) errors.username = 'That is not a username or email.';
  if (values.password === '') errors.password = 'Enter your password.';
  else if (values.password.length > PASSWORD_MAX) errors.password = 'Wrong username/email or password.';
  return result(values, errors);
}
