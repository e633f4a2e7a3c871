// The admin's pages: dashboard, moderation of accounts and campaigns, insights. The moderation
// rules (who can be suspended, that admins are untouchable) are the users service's.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { formatTime } from '../format';
import { AUDIT_ACTIONS, AUDIT_LABELS, AUDIT_PAGE_SIZE, type AuditAction } from '../services/audit';
import { DISPUTES_PAGE_SIZE } from '../services/collaborations';
import { SEARCH_PAGE_SIZE } from '../services/influencers';
import { ADMIN_PAGE_SIZE } from '../services/moderation';
import type { Account } from '../services/users';
import type { CampaignWithProgress } from '../services/campaigns';
import { resolutionForm } from '../validation/collaborations';
import { type FieldErrors, field } from '../validation/form';
import { pageNumber } from '../validation/search';
import { localPath, wantsFragment } from '../web/htmx';
import { idParam, loadById } from '../web/load';
import { paginate } from '../web/pagination';
import { formRoute, respond } from '../web/respond';

export default function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const account = loadById({ local: 'account', what: ACCOUNT }, (id) => ctx.services.users.getAccount(id));
  const campaign = loadById({ local: 'campaign', what: 'That campaign' }, (id) => ctx.services.campaigns.get(id));
  //           path                                guards             handler
  router.get('/admin', admin, dashboard(ctx));
  router.get('/admin/campaigns', admin, campaigns(ctx));
  router.get('/admin/insights', admin, insights(ctx));
  router.get('/admin/disputes', admin, disputes(ctx));
  router.post('/admin/disputes/:id/resolve', admin, resolveDispute(ctx));
  router.post('/admin/campaigns/:id/flag', admin, campaign, flag(ctx));
  router.post('/admin/campaigns/:id/unflag', admin, unflag(ctx));
  router.get('/admin/users/:id/delete', admin, confirmDelete(ctx));
  router.post('/admin/users/:id/delete', admin, deleteAccount(ctx));
  router.post('/admin/users/:id/approve', admin, approve(ctx));
  router.post('/admin/users/:id/reject', admin, reject(ctx));
  router.post('/admin/users/:id/suspend', admin, account, suspend(ctx));
  router.post('/admin/users/:id/restore', admin, restore(ctx));
  router.get('/admin/audit', admin, audit(ctx));
  return router;
}

const ACCOUNT = 'That account';
const accountOf = (res: Response) => res.locals.account as Account;
const campaignOf = (res: Response) => res.locals.campaign as CampaignWithProgress;
/** Where an admin action goes back to: the page it was taken on, or the dashboard. */
const back = (req: Request) => localPath(req.body?.return_to) ?? '/admin';

/** The reason typed into a flag or suspend form (the service says when it is missing). */
function parseReason(req: Request) {
  const reason = field(req.body, 'reason');
  return { values: { reason }, errors: {}, input: reason };
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const pages = {
      influencers: pageNumber({ page: req.query.influencers_page }),
      sponsors: pageNumber({ page: req.query.sponsors_page }),
      users: pageNumber({ page: req.query.users_page }),
    };
    const { users } = ctx.services;
    const [me, recent, pending, influencers, sponsors, people, openDisputes] = await Promise.all([
      users.getAccountOrFail(req.user!.id),
      ctx.services.campaigns.recent(6),
      ctx.services.moderation.pendingSponsors(),
      ctx.services.moderation.listByRole('influencer', pages.influencers),
      ctx.services.moderation.listByRole('sponsor', pages.sponsors),
      ctx.services.moderation.listByRole('user', pages.users),
      ctx.services.collaborations.openDisputeCount(),
    ]);
    // Each list pages on its own parameter and keeps the others' pages.
    // The third column tells the accounts of a list apart: followers, industry, or when they joined.
    const list = (
      key: keyof typeof pages,
      title: string,
      detail: { label: string; of: (a: Account) => string },
      { accounts, total }: { accounts: Account[]; total: number },
    ) => ({
      key,
      title,
      detailLabel: detail.label,
      accounts: accounts.map((a) => ({ ...a, detail: detail.of(a) })),
      pagination: paginate('/admin', req.query, pages[key], total, ADMIN_PAGE_SIZE, `${key}_page`),
    });
    res.render('pages/admin/dashboard', {
      title: 'Admin dashboard',
      account: me,
      standing: null,
      recent,
      pending,
      openDisputes,
      lists: [
        list('influencers', 'Influencers', { label: 'Followers', of: (a) => String(a.followerCount) }, influencers),
        list('sponsors', 'Sponsors', { label: 'Industry', of: (a) => a.industry ?? '' }, sponsors),
        list('users', 'Users', { label: 'Joined', of: (a) => formatTime(a.createdAt) }, people),
      ],
      returnTo: req.originalUrl,
    });
  };
}

/** The open disputes, oldest first, each with a form to resolve it (`form`: one refused, shown again). */
async function renderDisputes(ctx: AppContext, req: Request, res: Response, form: { id: number; values: Record<string, string>; errors: FieldErrors } | null, status = 200) {
  const page = pageNumber(req.query);
  const { disputes: open, total } = await ctx.services.collaborations.openDisputes(page);
  res.status(status).render('pages/admin/disputes', {
    title: 'Open disputes',
    disputes: open,
    form: form ?? { id: 0, values: {}, errors: {} },
    pagination: paginate('/admin/disputes', {}, page, total, DISPUTES_PAGE_SIZE),
  });
}

function disputes(ctx: AppContext): RequestHandler {
  return (req, res) => renderDisputes(ctx, req, res, null);
}

function resolveDispute(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: (req) => resolutionForm(req.body),
    render: (req, res, values, errors, status) => renderDisputes(ctx, req, res, { id: idParam(req, DISPUTE), values, errors }, status),
    async submit(req, res, note) {
      await ctx.services.collaborations.resolveDispute(req.user!, idParam(req, DISPUTE), note);
      respond(req, res, { flash: 'Dispute resolved: both sides see your note.', redirect: '/admin/disputes' });
    },
  });
}

const DISPUTE = 'That dispute';

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

/** The flag toggle swaps itself in place (htmx); without JavaScript, back to the page it was on. */
function flagAnswer(req: Request, res: Response, campaign: CampaignWithProgress, message: string) {
  respond(req, res, {
    partial: 'partials/flag-toggle',
    data: { campaign, returnTo: localPath(req.body?.return_to) },
    flash: message,
    redirect: back(req),
  });
}

function flag(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: parseReason,
    render(req, res, _values, errors, status) {
      const data = { campaign: campaignOf(res), error: errors.reason, returnTo: localPath(req.body?.return_to) };
      res.vary('HX-Request').status(status);
      res.render(wantsFragment(req) ? 'partials/flag-toggle' : 'pages/admin/flag', { title: `Flag “${data.campaign.title}”`, ...data });
    },
    async submit(req, res, reason) {
      const campaign = await ctx.services.campaigns.flag(campaignOf(res).id, reason, req.user);
      flagAnswer(req, res, campaign, `“${campaign.title}” is flagged: hidden from influencers, closed to new offers.`);
    },
  });
}

function unflag(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const campaign = await ctx.services.campaigns.unflag(idParam(req, 'That campaign'), req.user);
    flagAnswer(req, res, campaign, `“${campaign.title}” is no longer flagged.`);
  };
}

function confirmDelete(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.moderation.getDeletable(idParam(req, ACCOUNT));
    res.render('pages/admin/delete', { title: `Delete ${account.username}?`, account, returnTo: localPath(req.query.return_to) });
  };
}

function deleteAccount(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.moderation.deleteAccount(idParam(req, ACCOUNT), req.user);
    const flash = account.stillDeleting
      ? `The account ${account.username} is deleted: it can no longer sign in and has left every search. Its history is large, so it leaves the lists within a minute.`
      : `The account ${account.username} and everything that belonged to it are deleted.`;
    respond(req, res, { flash, redirect: back(req) });
  };
}

function approve(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.moderation.approve(idParam(req, ACCOUNT), req.user);
    respond(req, res, { flash: `${account.username} is approved: it can now publish campaigns and send offers.`, redirect: back(req) });
  };
}

function reject(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.moderation.reject(idParam(req, ACCOUNT), field(req.body, 'reason').slice(0, 500) || null, req.user);
    respond(req, res, { flash: `${account.username} is turned down.`, redirect: back(req) });
  };
}

function suspend(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: parseReason,
    render(req, res, _values, errors, status) {
      const account = accountOf(res);
      res.status(status).render('pages/admin/suspend', { title: `Suspend ${account.username}`, account, error: errors.reason, returnTo: localPath(req.body?.return_to) });
    },
    async submit(req, res, reason) {
      const account = await ctx.services.moderation.suspend(accountOf(res).id, reason, req.user);
      respond(req, res, { flash: `${account.username} is suspended: logged out, and out of every search.`, redirect: back(req) });
    },
  });
}

function restore(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const account = await ctx.services.moderation.restore(idParam(req, ACCOUNT), req.user);
    respond(req, res, { flash: `${account.username} is restored.`, redirect: back(req) });
  };
}

/** The audit trail, newest first, filterable by action (an unknown one shows everything). */
function audit(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const action = (AUDIT_ACTIONS as readonly unknown[]).includes(req.query.action) ? (req.query.action as AuditAction) : null;
    const page = pageNumber(req.query);
    const { entries, total } = await ctx.services.audit.list(action, page);
    res.render('pages/admin/audit', {
      title: 'Audit trail',
      entries,
      action: action ?? '',
      actions: AUDIT_ACTIONS.map((value) => ({ value, label: AUDIT_LABELS[value] })),
      actionLabels: AUDIT_LABELS,
      pagination: paginate('/admin/audit', { action: action ?? '' }, page, total, AUDIT_PAGE_SIZE),
    });
  };
}
