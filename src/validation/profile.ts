// The profile form: username, phone, the role's own fields, and an optional password change.
import { INFLUENCER_CATEGORIES, type Role } from '../domain';
import { checkNewPassword, PHONE_RULE, USERNAME_RULE } from './auth';
import { checkOneOf, checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';

export interface ProfileForm {
  username: string;
  phone: string;
  industry: string;
  category: string;
  niche: string;
  currentPassword: string;
  newPassword: string;
}

export function validateProfile(body: FormBody | undefined, role: Role): Validated<ProfileForm> {
  const errors: FieldErrors = {};
  const values: ProfileForm = {
    username: field(body, 'username'),
    phone: field(body, 'phone'),
    industry: field(body, 'industry'),
    category: field(body, 'category'),
    niche: field(body, 'niche'),
    currentPassword: field(body, 'current_password', { trim: false }),
    newPassword: field(body, 'new_password', { trim: false }),
  };
  checkText(errors, 'username', values.username, USERNAME_RULE);
  checkText(errors, 'phone', values.phone, PHONE_RULE);
  if (role === 'sponsor') checkText(errors, 'industry', values.industry, { label: 'Industry', required: true, max: 80 });
  if (role === 'influencer') {
    if (values.category === '') errors.category = 'Category is required.';
    else checkOneOf(errors, 'category', values.category, INFLUENCER_CATEGORIES, 'Choose a category from the list.');
    checkText(errors, 'niche', values.niche, { label: 'Niche', required: true, max: 60 });
  }
  if (values.newPassword !== '') {
    checkNewPassword(errors, 'new_password', values.newPassword);
    if (values.currentPassword === '') errors.current_password = 'Enter your current password to set a new one.';
  }
  return result(values, errors);
}
