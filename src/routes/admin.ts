// The admin's pages: dashboard, moderation of accounts and campaigns, insights.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { SEARCH_PAGE_SIZE } from '../services/influencers';
import { ADMIN_PAGE_SIZE, type Account } from '../services/users';
import type { CampaignWithProgress } from '../services/campaigns';
import { checkText, field } from '../validation/fields';
import { pageNumber } from '../validation/search';
import { flash } from '../web/flash';
import { localPath, redirect, wantsFragment } from '../web/htmx';
import { loadById } from '../web/load';
import { paginate } from '../web/pagination';

export default function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const account = loadAccount(ctx);
  const campaign = loadCampaign(ctx);
  //           path                                guards             handler
  router.get('/admin', admin, dashboard(ctx));
  router.get('/admin/campaigns', admin, campaigns(ctx));
  router.get('/admin/insights', admin, insights(ctx));
  router.post('/admin/campaigns/:id/flag', admin, campaign, flag(ctx));
  router.post('/admin/campaigns/:id/unflag', admin, campaign, unflag(ctx));
  router.get('/admin/users/:id/delete', admin, account, confirmDelete);
  router.post('/admin/users/:id/delete', admin, account, deleteAccount(ctx));
  router.post('/admin/users/:id/approve', admin, account, approve(ctx));
  router.post('/admin/users/:id/reject', admin, account, reject(ctx));
  router.post('/admin/users/:id/suspend', admin, account, suspend(ctx));
  router.post('/admin/users/:id/restore', admin, account, restore(ctx));
  return router;
}

const accountOf = (res: Response) => res.locals.account as Account;
const campaignOf = (res: Response) => res.locals.campaign as CampaignWithProgress;
/** Where an admin action goes back to: the page it was taken on, or the dashboard. */
const back = (req: Request) => localPath(req.body?.return_to) ?? '/admin';

function loadAccount(ctx: AppContext): RequestHandler {
  return loadById({ local: 'account', what: 'That account' }, (id) => ctx.services.users.getAccount(id));
}

function loadCampaign(ctx: AppContext): RequestHandler {
  return loadById({ local: 'campaign', what: 'That campaign' }, (id) => ctx.services.campaigns.get(id));
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const pages = {
      influencers: pageNumber({ page: req.query.influencers_page }),
      sponsors: pageNumber({ page: req.query.sponsors_page }),
      users: pageNumber({ page: req.query.users_page }),
    };
    const { users } = ctx.services;
    const [me, recent, pending, influencers, sponsors, people] = await Promise.all([
      users.getAccount(req.user!.id),
      ctx.services.campaigns.recent(6),
      users.pendingSponsors(),
      users.listByRole('influencer', pages.influencers),
      users.listByRole('sponsor', pages.sponsors),
      users.listByRole('user', pages.users),
    ]);
    if (!me) throw notFound('That account');
    // Each list pages on its own parameter and keeps the others' pages.
    const list = (key: keyof typeof pages, title: string, { accounts, total }: { accounts: Account[]; total: number }) => ({
      key,
      title,
      accounts,
      pagination: paginate('/admin', req.query, pages[key], total, ADMIN_PAGE_SIZE, `${key}_page`),
    });
    res.render('pages/admin/dashboard', {
      title: 'Admin dashboard',
      account: me,
      roleLabel: 'Admin',
      standing: null,
      recent,
      pending,
      lists: [list('influencers', 'Influencers', influencers), list('sponsors', 'Sponsors', sponsors), list('users', 'Users', people)],
      returnTo: req.originalUrl,
    });
  };
}

function campaigns(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const filter = req.query.flagged === 'yes' ? 'yes' : req.query.flagged === 'no' ? 'no' : '';
    const page = pageNumber(req.query);
    const { campaigns: list, total } = await ctx.services.campaigns.listAll(filter === '' ? null : filter === 'yes', page);
    res.render('pages/admin/campaigns', {
      title: 'All campaigns',
      campaigns: list,
      filter,
      returnTo: req.originalUrl,
      pagination: paginate('/admin/campaigns', { flagged: filter }, page, total, SEARCH_PAGE_SIZE),
    });
  };
}

function insights(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    res.render('pages/admin/insights', { title: 'Insights', insights: await ctx.services.insights.all() });
  };
}

/** The flag toggle: htmx swaps it in place; without JavaScript, back to the page it was on. */
function flagAnswer(req: Request, res: Response, campaign: CampaignWithProgress, message: string, error?: string) {
  res.vary('HX-Request');
  if (error) res.status(422);
  if (wantsFragment(req)) return res.render('partials/flag-toggle', { campaign, error, returnTo: localPath(req.body?.return_to) });
  if (error) return res.render('pages/admin/flag', { title: `Flag “${campaign.title}”`, campaign, error, returnTo: localPath(req.body?.return_to) });
  flash(res, 'success', message);
  redirect(req, res, back(req));
}

function flag(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = campaignOf(res);
    const reason = field(req.body, 'reason');
    const errors: Record<string, string> = {};
    checkText(errors, 'reason', reason, { label: 'A reason', required: true, max: 500 });
    if (errors.reason) return flagAnswer(req, res, campaign, '', errors.reason === 'A reason is required.' ? 'Say why the campaign is flagged: its sponsor sees the reason.' : errors.reason);
    await ctx.services.campaigns.flag(campaign.id, reason);
    flagAnswer(req, res, { ...campaign, flagged: true, flagReason: reason }, `“${campaign.title}” is flagged: hidden from influencers, closed to new offers.`);
  };
}

function unflag(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = campaignOf(res);
    await ctx.services.campaigns.unflag(campaign.id);
    flagAnswer(req, res, { ...campaign, flagged: false, flagReason: null }, `“${campaign.title}” is no longer flagged.`);
  };
}

/** Admins are never deleted, suspended or moderated from these pages. */
function notAnAdmin(account: Account) {
  if (account.role === 'admin') throw new HttpError(403, 'Admin accounts cannot be deleted or suspended here.');
}

const confirmDelete: RequestHandler = (req, res) => {
  const account = accountOf(res);
  notAnAdmin(account);
  res.render('pages/admin/delete', { title: `Delete ${account.username}?`, account, returnTo: localPath(req.query.return_to) });
};

function deleteAccount(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = accountOf(res);
    notAnAdmin(account);
    await ctx.services.users.deleteAccount(account.id);
    flash(res, 'success', `The account ${account.username} and everything that belonged to it are deleted.`);
    redirect(req, res, back(req));
  };
}

function approve(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = accountOf(res);
    if (!(await ctx.services.users.approve(account.id))) throw new HttpError(409, `${account.username} is not a sponsor awaiting approval.`);
    flash(res, 'success', `${account.username} is approved: it can now publish campaigns and send offers.`);
    redirect(req, res, back(req));
  };
}

function reject(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = accountOf(res);
    const reason = field(req.body, 'reason').slice(0, 500) || null;
    if (!(await ctx.services.users.reject(account.id, reason))) throw new HttpError(409, `${account.username} is not a sponsor awaiting approval.`);
    flash(res, 'success', `${account.username} is turned down.`);
    redirect(req, res, back(req));
  };
}

function suspend(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = accountOf(res);
    notAnAdmin(account);
    if (account.role !== 'influencer' && account.role !== 'sponsor') throw new HttpError(409, 'Only influencers and sponsors can be suspended.');
    const reason = field(req.body, 'reason');
    const errors: Record<string, string> = {};
    checkText(errors, 'reason', reason, { label: 'A reason', required: true, max: 500 });
    if (errors.reason) {
      return res.status(422).render('pages/admin/suspend', {
        title: `Suspend ${account.username}`,
        account,
        error: errors.reason === 'A reason is required.' ? 'Say why the account is suspended.' : errors.reason,
        returnTo: localPath(req.body?.return_to),
      });
    }
    if (!(await ctx.services.users.suspend(account.id, reason))) throw new HttpError(409, `${account.username} is already suspended.`);
    flash(res, 'success', `${account.username} is suspended: logged out, and out of every search.`);
    redirect(req, res, back(req));
  };
}

function restore(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = accountOf(res);
    if (!(await ctx.services.users.restore(account.id))) throw new HttpError(409, `${account.username} is not suspended.`);
    flash(res, 'success', `${account.username} is restored.`);
    redirect(req, res, back(req));
  };
}
