// Profile pages, the same for sponsors, influencers and users (each with its role's fields).
import type { RequestHandler, Response } from 'express';
import { issueSession } from '../auth/session';
import type { AppContext } from '../context';
import { INFLUENCER_CATEGORIES, PROFILE_FIELDS, type Role } from '../domain';
import type { FieldErrors } from '../validation/form';
import { parseProfile } from '../validation/profile';
import { origin } from './htmx';
import { formRoute, respond } from './respond';

function renderProfile(res: Response, role: Role, values: object, errors: FieldErrors, status = 200) {
  res.status(status).render('pages/profile', {
    title: 'Your profile',
    action: `/${role}/profile`,
    fields: PROFILE_FIELDS[role],
    categories: INFLUENCER_CATEGORIES,
    values,
    errors,
  });
}

export function showProfile(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.users.getAccountOrFail(req.user!.id);
    renderProfile(res, account.role, account, {});
  };
}

export function updateProfile(ctx: AppContext): RequestHandler {
  return formRoute({
    parse(req) {
      const form = parseProfile(req.body, req.user!.role);
      // Passwords are never typed back into the page.
      const { current_password: _c, new_password: _n, ...typed } = form.values;
      return { values: typed, errors: form.errors, input: form.input };
    },
    render: (req, res, values, errors, status) => renderProfile(res, req.user!.role, values, errors, status),
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
