// Profile pages, the same for sponsors, influencers and users (each with its role's fields).
import type { RequestHandler, Response } from 'express';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { issueSession } from '../auth/session';
import type { AppContext } from '../context';
import { INFLUENCER_CATEGORIES, type Role } from '../domain';
import { notFound } from '../errors';
import { AccountTakenError } from '../services/users';
import type { FieldErrors } from '../validation/fields';
import { validateProfile } from '../validation/profile';
import { flash } from '../web/flash';
import { redirect } from '../web/htmx';

function renderProfile(res: Response, role: Role, values: object, errors: FieldErrors, status = 200) {
  res.status(status).render('pages/profile', {
    title: 'Your profile',
    role,
    action: `/${role}/profile`,
    categories: INFLUENCER_CATEGORIES,
    values,
    errors,
  });
}

export function showProfile(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.users.getAccount(req.user!.id);
    if (!account) throw notFound('That account');
    renderProfile(res, account.role, account, {});
  };
}

export function updateProfile(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const user = req.user!;
    const form = validateProfile(req.body, user.role);
    const { currentPassword: _c, newPassword: _n, ...typed } = form.values;
    if (!form.ok) return renderProfile(res, user.role, typed, form.errors, 422);

    const taken = await ctx.services.users.taken(form.values.username, '', user.id);
    if (taken.username) return renderProfile(res, user.role, typed, { username: 'That username is taken. Try another.' }, 422);

    let passwordHash: string | undefined;
    if (form.values.newPassword) {
      const current = await ctx.services.users.passwordHash(user.id);
      if (!current || !(await verifyPassword(current, form.values.currentPassword))) {
        return renderProfile(res, user.role, typed, { current_password: 'That is not your current password.' }, 422);
      }
      passwordHash = await hashPassword(form.values.newPassword);
    }
    let tokenVersion: number;
    try {
      tokenVersion = await ctx.services.users.updateProfile(user.id, user.role, { ...form.values, passwordHash });
    } catch (err) {
      if (err instanceof AccountTakenError) {
        return renderProfile(res, user.role, typed, { username: 'That username is taken. Try another.' }, 422);
      }
      throw err;
    }
    if (passwordHash) {
      // Every other browser is now logged out; this one gets a token of the new version.
      issueSession(ctx, req, res, { id: user.id, role: user.role, tokenVersion });
      flash(res, 'success', 'Profile saved. Your password is changed and your other sessions are logged out.');
    } else {
      flash(res, 'success', 'Profile saved.');
    }
    redirect(req, res, `/${user.role}/profile`);
  };
}
