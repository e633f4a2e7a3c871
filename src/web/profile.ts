// Profile pages, the same for sponsors, influencers and users (each with its role's fields). An
// influencer's page also holds the creator profile: platform accounts and the rate card, each a
// form of its own that, when refused, shows the whole page again with that form as typed.
import type { Request, RequestHandler, Response } from 'express';
import { issueSession } from '../auth/session';
import type { AppContext } from '../context';
import { countryName, languageName, RATE_KIND_KEYS } from '../creators';
import { INFLUENCER_CATEGORIES, PROFILE_FIELDS } from '../domain';
import { moneyInput } from '../format';
import type { RateCard } from '../services/creators';
import type { FieldErrors } from '../validation/form';
import { parseProfile } from '../validation/profile';
import { origin } from './htmx';
import { formRoute, respond } from './respond';

/** A form of the page as typed and refused (the others show what is saved). */
export interface TypedForm {
  /** 'profile' or 'rates'. */
  form: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

function rateValues(rates: RateCard): Record<string, string> {
  return Object.fromEntries(RATE_KIND_KEYS.map((kind) => [`rate_${kind}`, rates[kind] === undefined ? '' : moneyInput(rates[kind])]));
}

/** Renders the profile page of the signed-in account, with `typed` (a refused form) as it was sent. */
export async function renderProfile(ctx: AppContext, req: Request, res: Response, typed?: TypedForm, status = 200): Promise<void> {
  const { id, role } = req.user!;
  const fields = PROFILE_FIELDS[role];
  const account = await ctx.services.users.getAccountOrFail(id);
  let values: Record<string, unknown> = { ...account };
  let creator = {};
  if (fields.creator) {
    const [profile, platforms, rates] = await Promise.all([ctx.services.creators.profile(id), ctx.services.creators.platforms(id), ctx.services.creators.rates(id)]);
    values = {
      ...values,
      display_name: profile.displayName,
      bio: profile.bio,
      city: profile.city,
      country: countryName(profile.country),
      languages: profile.languages.map(languageName).join(', '),
      availability: profile.availability,
      busy_until: profile.busyUntil ?? '',
    };
    creator = {
      platforms,
      rateValues: typed?.form === 'rates' ? typed.values : rateValues(rates),
      rateErrors: typed?.form === 'rates' ? typed.errors : {},
    };
  }
  res.status(status).render('pages/profile', {
    title: 'Your profile',
    action: `/${role}/profile`,
    fields,
    categories: INFLUENCER_CATEGORIES,
    values: typed?.form === 'profile' ? typed.values : values,
    errors: typed?.form === 'profile' ? typed.errors : {},
    username: account.username,
    ...creator,
  });
}

export function showProfile(ctx: AppContext): RequestHandler {
  return (req, res) => renderProfile(ctx, req, res);
}

export function updateProfile(ctx: AppContext): RequestHandler {
  return formRoute({
    parse(req) {
      const form = parseProfile(req.body, req.user!.role);
      // Passwords are never typed back into the page.
      const { current_password: _c, new_password: _n, ...typed } = form.values;
      return { values: typed, errors: form.errors, input: form.input };
    },
    render: (req, res, values, errors, status) => renderProfile(ctx, req, res, { form: 'profile', values, errors }, status),
    async submit(req, res, changes) {
      const user = req.user!;
      const { tokenVersion, passwordChanged } = await ctx.services.users.saveProfile(user, changes, origin(req));
      // Every other browser is now logged out; this one gets a token of the new version.
      if (passwordChanged) issueSession(ctx, req, res, { id: user.id, role: user.role, tokenVersion });
      respond(req, res, {
        flash: passwordChanged ? 'Profile saved. Your password is changed and your other sessions are logged out.' : 'Profile saved.',
        redirect: `/${user.role}/profile`,
      });
    },
  });
}
