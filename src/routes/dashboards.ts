// What every dashboard shares: the signed-in account's details.
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { ROLE_LABELS, standingFor } from '../domain';
import { notFound } from '../errors';

/** Renders `page` with the signed-in account (its details card) and its role's label. */
export function accountPage(ctx: AppContext, page: string, title: string): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.users.getAccount(req.user!.id);
    if (!account) throw notFound('That account');
    res.render(page, {
      title,
      account,
      roleLabel: ROLE_LABELS[account.role],
      standing: account.role === 'influencer' ? standingFor(account.followerCount) : null,
    });
  };
}
