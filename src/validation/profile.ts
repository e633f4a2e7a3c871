// The profile form: username, phone, the role's own fields, and an optional password change.
import * as z from 'zod';
import { PROFILE_FIELDS, type Role } from '../domain';
import type { ProfileChanges } from '../services/users';
import { checkRoleFields, NEW_PASSWORD, PHONE, USERNAME } from './auth';
import { checkCreatorFields, CREATOR_FIELD_NAMES, creatorInput, hasCreatorFields } from './creators';
import { checkFields, form } from './form';

const creatorStrings = Object.fromEntries(CREATOR_FIELD_NAMES.map((name) => [name, z.string()])) as Record<(typeof CREATOR_FIELD_NAMES)[number], z.ZodString>;

function profile(role: Role, creator: boolean) {
  return z
    .object({
      username: USERNAME,
      phone: PHONE,
      industry: z.string(),
      category: z.string(),
      niche: z.string(),
      ...creatorStrings,
      current_password: z.string(),
      new_password: z.string(),
    })
    .superRefine((p, ctx) => {
      checkRoleFields(ctx, role, p);
      if (creator) checkCreatorFields(ctx, p);
      if (p.new_password === '') return;
      checkFields(ctx, { new_password: NEW_PASSWORD }, p);
      if (p.current_password === '') ctx.addIssue({ code: 'custom', path: ['current_password'], message: 'Enter your current password to set a new one.' });
    });
}

/** One form per role (the role decides which profile fields it has), with or without the creator profile. */
const forms = new Map<string, ReturnType<typeof profileForm>>();
function profileForm(role: Role, creator: boolean) {
  return form(profile(role, creator), {
    untrimmed: ['current_password', 'new_password'],
    to: ({ current_password, new_password, username, phone, industry, category, niche, ...fields }): ProfileChanges => ({
      username,
      phone,
      industry,
      category,
      niche,
      ...(creator ? { creator: creatorInput(fields) } : {}),
      currentPassword: current_password,
      newPassword: new_password,
    }),
  });
}

export function parseProfile(body: Record<string, unknown> | undefined, role: Role) {
  // An influencer's creator fields are checked and saved when the form carries them.
  const creator = PROFILE_FIELDS[role].creator && hasCreatorFields(body);
  const key = `${role}:${creator}`;
  let parse = forms.get(key);
  if (!parse) forms.set(key, (parse = profileForm(role, creator)));
  return parse(body);
}
