// Collaborations: an accepted offer's deliverables, submitted by the influencer and reviewed by the
// sponsor. Who may do what is the collaborations service's rule; these routes parse, call, render.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import type { Viewer } from '../domain';
import { COLLABORATION_STATES, COLLABORATIONS_PAGE_SIZE, type Collaboration, type CollaborationState, type CollaborationSummary } from '../services/collaborations';
import { changesForm, deliverableForm, disputeForm, resultsForm, submissionForm } from '../validation/collaborations';
import type { FieldErrors } from '../validation/form';
import { pageNumber } from '../validation/search';
import { renderPageOrPartial } from '../web/htmx';
import { idParam, loadById } from '../web/load';
import { paginate } from '../web/pagination';
import { formRoute, type ParsedForm, respond } from '../web/respond';

export default function collaborationRoutes(ctx: AppContext): Router {
  const router = Router();
  const sides = requireRole('sponsor', 'influencer');
  const sponsor = requireRole('sponsor');
  const influencer = requireRole('influencer');
  const collaboration = loadById({ param: 'offerId', local: 'collaboration', what: 'That collaboration' }, (id, req) => ctx.services.collaborations.get(req.user!, id));
  //          path                                        guards                  handler
  router.get('/collaborations', sides, list(ctx));
  router.get('/collaborations/:offerId', requireRole('admin', 'sponsor', 'influencer'), collaboration, show);
  router.post('/collaborations/:offerId/deliverables', sponsor, collaboration, addDeliverable(ctx));
  router.post('/collaborations/:offerId/dispute', sides, collaboration, openDispute(ctx));
  router.get('/deliverables/:id/delete', sponsor, confirmRemove(ctx));
  router.post('/deliverables/:id/delete', sponsor, remove(ctx));
  router.post('/deliverables/:id/submit', influencer, submit(ctx));
  router.post('/deliverables/:id/approve', sponsor, approve(ctx));
  router.post('/deliverables/:id/request-changes', sponsor, requestChanges(ctx));
  router.post('/deliverables/:id/results', sides, recordResults(ctx));
  return router;
}

const DELIVERABLE = 'That deliverable';
const collaborationOf = (res: Response) => res.locals.collaboration as Collaboration;
const pageOf = (offerId: number) => `/collaborations/${offerId}`;

function list(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const state = (COLLABORATION_STATES as readonly string[]).includes(String(req.query.state)) ? (req.query.state as CollaborationState) : null;
    const page = pageNumber(req.query);
    const { collaborations, total } = await ctx.services.collaborations.list(req.user!, { state, page });
    res.render('pages/collaborations/list', {
      title: 'Collaborations',
      collaborations,
      state,
      pagination: paginate('/collaborations', state ? { state } : {}, page, total, COLLABORATIONS_PAGE_SIZE),
    });
  };
}

/**
 * The collaboration's page; a form that was refused shows again with what was typed and its
 * messages (`form` names it: `deliverable`, or `submit-<id>`, `changes-<id>`, `results-<id>` for one deliverable).
 */
/** A refused form of the page, shown again: which one, what was typed, its messages. */
type ShownForm = { name: string; values: Record<string, string>; errors: FieldErrors };

function renderPage(res: Response, collaboration: Collaboration, form: ShownForm | null = null, status = 200) {
  res.status(status).render('pages/collaborations/show', pageData(collaboration, form));
}

function pageData(collaboration: Collaboration, form: ShownForm | null = null) {
  return {
    title: `${collaboration.campaignTitle}: ${collaboration.sponsorUsername} × ${collaboration.influencerUsername}`,
    collaboration,
    form: form ?? { name: '', values: {}, errors: {} },
  };
}

/** The page; htmx's refresh of it (the live stream said it changed) gets its history and results. */
const show: RequestHandler = (req, res) =>
  renderPageOrPartial(req, res, 'pages/collaborations/show', 'partials/collaboration-live', pageData(collaborationOf(res)));

/**
 * A form on the collaboration itself (`name` tells its messages apart on the page): refused, the
 * page again with what was typed; else the service's step, then back to the page.
 */
function collaborationStep<I>(
  name: 'deliverable' | 'dispute',
  parse: (body: Request['body']) => ParsedForm<Record<string, string>, I>,
  step: (viewer: Viewer, offerId: number, input: I) => Promise<unknown>,
  flash: (input: I) => string,
): RequestHandler {
  return formRoute({
    parse: (req) => parse(req.body),
    render: (_req, res, values, errors, status) => renderPage(res, collaborationOf(res), { name, values, errors }, status),
    async submit(req, res, input) {
      const c = collaborationOf(res);
      await step(req.user!, c.offerId, input);
      respond(req, res, { flash: flash(input), redirect: pageOf(c.offerId) });
    },
  });
}

const openDispute = (ctx: AppContext) =>
  collaborationStep(
    'dispute',
    disputeForm,
    (v, offerId, reason) => ctx.services.collaborations.openDispute(v, offerId, reason),
    () => 'Dispute opened: an admin will look at it, and both of you will see the answer here.',
  );
const addDeliverable = (ctx: AppContext) =>
  collaborationStep('deliverable', deliverableForm, (v, offerId, input) => ctx.services.collaborations.addDeliverable(v, offerId, input), (input) => `Added “${input.title}”.`);

/** A deliverable's own form refused: its collaboration's page again, the form with its messages. */
async function renderDeliverableForm(ctx: AppContext, req: Request, res: Response, name: 'submit' | 'changes' | 'results', values: Record<string, string>, errors: FieldErrors, status: number) {
  const id = idParam(req, DELIVERABLE);
  const { collaboration } = await ctx.services.collaborations.deliverable(req.user!, id);
  renderPage(res, (await ctx.services.collaborations.get(req.user!, collaboration.offerId))!, { name: `${name}-${id}`, values, errors }, status);
}

/**
 * A form on one deliverable (`name` tells its messages apart on the page): refused, the
 * collaboration's page again with what was typed; else the service's step, then back to the page.
 */
function deliverableStep<I>(
  ctx: AppContext,
  name: 'submit' | 'changes' | 'results',
  parse: (body: Request['body']) => ParsedForm<Record<string, string>, I>,
  step: (viewer: Viewer, id: number, input: I) => Promise<CollaborationSummary>,
  flash: string,
): RequestHandler {
  return formRoute({
    parse: (req) => parse(req.body),
    render: (req, res, values, errors, status) => renderDeliverableForm(ctx, req, res, name, values, errors, status),
    async submit(req, res, input) {
      const c = await step(req.user!, idParam(req, DELIVERABLE), input);
      respond(req, res, { flash, redirect: pageOf(c.offerId) });
    },
  });
}

const submit = (ctx: AppContext) =>
  deliverableStep(ctx, 'submit', submissionForm, (v, id, input) => ctx.services.collaborations.submit(v, id, input), 'Submitted for review: the sponsor has been told.');
const requestChanges = (ctx: AppContext) =>
  deliverableStep(ctx, 'changes', changesForm, (v, id, reason) => ctx.services.collaborations.requestChanges(v, id, reason), 'Changes requested: the influencer has been told.');
const recordResults = (ctx: AppContext) =>
  deliverableStep(ctx, 'results', resultsForm, (v, id, results) => ctx.services.collaborations.recordResults(v, id, results), 'Results saved.');

function approve(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const c = await ctx.services.collaborations.approve(req.user!, idParam(req, DELIVERABLE));
    respond(req, res, { flash: 'Approved.', redirect: pageOf(c.offerId) });
  };
}

function confirmRemove(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const { deliverable, collaboration } = await ctx.services.collaborations.deliverable(req.user!, idParam(req, DELIVERABLE));
    res.render('pages/collaborations/remove-deliverable', { title: `Remove “${deliverable.title}”?`, deliverable, collaboration });
  };
}

function remove(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const c = await ctx.services.collaborations.removeDeliverable(req.user!, idParam(req, DELIVERABLE));
    respond(req, res, { flash: 'Deliverable removed.', redirect: pageOf(c.offerId) });
  };
}
