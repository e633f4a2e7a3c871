// The profile form: username, phone, the role's own fields, and an optional password change.
import * as z from 'zod';
import type { Role } from '../domain';
import type { ProfileChanges } from '../services/users';
import { checkRoleFields, NEW_PASSWORD, PHONE, USERNAME } from './auth';
import { checkFields, form } from './form';

function profile(role: Role) {
  return z
    .object({
      username: USERNAME,
      phone: PHONE,
      industry: z.string(),
      category: z.string(),
      niche: z.string(),
      current_password: z.string(),
      new_password: z.string(),
    })
    .superRefine((p, ctx) => {
      checkRoleFields(ctx, role, p);
      if (p.new_password === '') return;
      checkFields(ctx, { new_password: NEW_PASSWORD }, p);
      if (p.current_password === '') ctx.addIssue({ code: 'custom', path: ['current_password'], message: 'Enter your current password to set a new one.' });
    });
}

/** One form per role (the role decides which profile fields it has). */
const forms = new Map<Role, ReturnType<typeof profileForm>>();
function profileForm(role: Role) {
  return form(profile(role), {
    untrimmed: ['current_password', 'new_password'],
    to: ({ current_password, new_password, ...rest }): ProfileChanges => ({ ...rest, currentPassword: current_password, newPassword: new_password }),
  });
}

export function parseProfile(body: Record<string, unknown> | undefined, role: Role) {
  let parse = forms.get(role);
  if (!parse) forms.set(role, (parse = profileForm(role)));
  return parse(body);
}
