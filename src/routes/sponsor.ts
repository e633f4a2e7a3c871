// The sponsor's pages: dashboard, profile, finding influencers, CSV exports.
import path from 'node:path';
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { DASHBOARD_PAGE_SIZE } from '../services/campaigns';
import { inProgress } from '../services/exports';
import { canPropose } from '../services/offers';
import { exportsDir } from '../services/exports';
import { pageNumber } from '../validation/search';
import { renderPageOrPartial } from '../web/htmx';
import { idParam } from '../web/load';
import { paginate } from '../web/pagination';
import { respond } from '../web/respond';
import { searchInfluencers } from '../web/influencerSearch';
import { showProfile, updateProfile } from '../web/profile';

export default function sponsorRoutes(ctx: AppContext): Router {
  const router = Router();
  const sponsor = requireRole('sponsor');
  //          path                    guards    handler
  router.get('/sponsor', sponsor, dashboard(ctx));
  router.get('/sponsor/profile', sponsor, showProfile(ctx));
  router.post('/sponsor/profile', sponsor, updateProfile(ctx));
  router.get('/sponsor/influencers', sponsor, searchInfluencers(ctx, 'sponsor', (req) => ({ canOffer: canPropose(req.user!) })));
  router.get('/sponsor/exports', sponsor, listExports(ctx));
  router.post('/sponsor/exports', sponsor, requestExport(ctx));
  router.get('/sponsor/exports/:id/download', sponsor, downloadExport(ctx));
  return router;
}

function dashboard(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const page = pageNumber(req.query);
    const [account, { campaigns, total }, toReview] = await Promise.all([
      ctx.services.users.getAccountOrFail(req.user!.id),
      ctx.services.campaigns.listForSponsor(req.user!, page),
      ctx.services.collaborations.awaitingReview(req.user!.id),
    ]);
    res.render('pages/sponsor/dashboard', {
      title: 'Sponsor dashboard',
      account,
      standing: null,
      toReview,
      campaigns,
      pagination: paginate('/sponsor', {}, page, total, DASHBOARD_PAGE_SIZE),
    });
  };
}

function listExports(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const exports = await ctx.services.exports.listForSponsor(req.user!.id);
    renderPageOrPartial(req, res, 'pages/sponsor/exports', 'partials/export-list', {
      title: 'Export campaigns',
      exports,
      // While an export is queued or running, the list refreshes itself (htmx) or asks for a reload.
      working: inProgress(exports),
    });
  };
}

function requestExport(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    await ctx.services.exports.request(req.user!.id);
    respond(req, res, { flash: 'Export queued: it is built in the background, and you get an email when it is ready.', redirect: '/sponsor/exports' });
  };
}

function downloadExport(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const found = await ctx.services.exports.getDownload(idParam(req, 'That export'), req.user!.id);
    const day = new Date(found.finishedAt ?? found.createdAt).toISOString().slice(0, 10);
    res.set('Cache-Control', 'private, no-store');
    res.type('text/csv; charset=utf-8');
    res.download(path.join(exportsDir(ctx.config), path.basename(found.fileName)), `campaigns-${day}.csv`);
  };
}
