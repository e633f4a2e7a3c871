// The profile form: username, phone, the role's own fields, and an optional password change.
import type { Role } from '../domain';
import { checkNewPassword, checkRoleFields, PHONE_RULE, USERNAME_RULE } from './auth';
import { checkText, field, type FieldErrors, type FormBody, result, type Validated } from './fields';

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
  checkRoleFields(errors, role, values);
  if (values.newPassword !== '') {
    checkNewPassword(errors, 'new_password', values.newPassword);
    if (values.currentPassword === '') errors.current_password = 'Enter your current password to set a new one.';
  }
  return result(values, errors);
}
