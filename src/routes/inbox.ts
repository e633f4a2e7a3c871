// The inbox and the chat between a sponsor and an influencer, with offers and counter-offers.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import { sessionClaims } from '../auth/session';
import type { AppContext } from '../context';
import { INBOX_EMPTY } from '../domain';
import { type Counterpart, ensureReachable, INBOX_PAGE_SIZE } from '../services/messages';
import { canPropose } from '../services/offers';
import { chatData } from '../web/chat';
import type { FieldErrors } from '../validation/form';
import { type MessageFields, messageForm } from '../validation/messages';
import { parseId } from '../validation/form';
import { pageNumber } from '../validation/search';
import { redirect, renderPageOrPartial } from '../web/htmx';
import { watchChat } from '../web/live';
import { loadById } from '../web/load';
import { formRoute, respond } from '../web/respond';
import { paginate } from '../web/pagination';

export default function inboxRoutes(ctx: AppContext): Router {
  const router = Router();
  const talker = requireRole('sponsor', 'influencer');
  const other = loadCounterpart(ctx);
  //          path                           guards          handler
  router.get('/inbox', talker, inbox(ctx));
  router.get('/inbox/:userId', talker, other, chat(ctx));
  // (An unchanged poll is answered earlier, by quickPoll, which app.ts mounts first.)
  router.get('/inbox/:userId/poll', talker, other, poll(ctx));
  router.post('/inbox/:userId/messages', talker, other, send(ctx));
  router.get('/inbox/:userId/delete', talker, other, confirmHide);
  router.post('/inbox/:userId/delete', talker, other, hide(ctx));
  return router;
}

/**
 * The chat poll when nothing changed, answered before the rest of the middleware: a valid session
 * cookie and an unchanged conversation version give 204 after one database round trip. Anything
 * else (a change, no or a bad session, odd parameters) goes on to the full route.
 */
export function quickPoll(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const otherId = parseId(req.params.userId);
    const known = parseId(req.query.v);
    const claims = otherId && known ? sessionClaims(ctx, req) : null;
    if (!claims || !otherId || !known) return next();
    if (!(await ctx.services.messages.unchanged(claims.id, claims.tokenVersion, otherId, known))) return next();
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.status(204).end();
  };
}

function counterpartOf(res: Response): Counterpart {
  return res.locals.counterpart as Counterpart;
}

/** The other side of the chat in the URL: 404 for myself, my own role, an admin, a user, nobody. */
function loadCounterpart(ctx: AppContext): RequestHandler {
  return loadById({ param: 'userId', local: 'counterpart', what: 'That conversation' }, (id, req) => ctx.services.messages.counterpart(req.user!, id));
}

function inbox(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const page = pageNumber(req.query);
    const { cards, total } = await ctx.services.messages.inbox(req.user!, page);
    renderPageOrPartial(req, res, 'pages/inbox', 'partials/inbox-list', {
      title: 'Inbox',
      cards,
      emptyHint: INBOX_EMPTY[req.user!.role],
      pagination: paginate('/inbox', {}, page, total, INBOX_PAGE_SIZE),
    });
  };
}

/**
 * Everything the chat page and its polled fragment show; opening it marks their messages seen.
 * Without `before` the latest messages, which the page polls for; with it (GET
 * /inbox/:userId?before=<message id>) an earlier stretch of the conversation, which stays still.
 */
function chatView(ctx: AppContext, req: Request, res: Response, before: number | null = null) {
  return chatData(ctx, req.user!, counterpartOf(res), before);
}


/** The chat page; an unusable `before` shows the latest messages, as an unknown page shows the first. */
async function renderChat(ctx: AppContext, req: Request, res: Response, values: Partial<MessageFields>, errors: FieldErrors, status = 200) {
  const me = req.user!;
  const counterpart = counterpartOf(res);
  const [view, campaigns] = await Promise.all([
    chatView(ctx, req, res, parseId(req.query.before)),
    ctx.services.campaigns.negotiable(me, counterpart.id),
  ]);
  res.status(status).render('pages/chat', {
    title: `Chat with ${counterpart.username}`,
    ...view,
    campaigns,
    canOffer: canPropose(me),
    values,
    errors,
  });
}

function chat(ctx: AppContext): RequestHandler {
  return (req, res) => {
    // The latest messages come to the open chat over its live stream.
    if (!parseId(req.query.before)) watchChat(res, counterpartOf(res).id);
    return renderChat(ctx, req, res, {}, {});
  };
}

/**
 * The open chat asks every few seconds whether the conversation is still at version `v`: when it
 * is, the answer is an empty 204 from one indexed lookup; otherwise the messages, re-rendered.
 */
function poll(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const view = await chatView(ctx, req, res);
    res.set('Cache-Control', 'no-store');
    if (view.version === Number(req.query.v)) return res.status(204).end();
    res.render('partials/chat-messages', { ...view, polled: true });
  };
}

/** A message, or a counter-offer carried by one (the offers service's rule, as for the offer form). */
function send(ctx: AppContext): RequestHandler {
  return formRoute({
    parse(req, res) {
      ensureReachable(counterpartOf(res));
      return messageForm(req.body);
    },
    render: (req, res, values, errors, status) => renderChat(ctx, req, res, values, errors, status),
    async submit(req, res, { body, offer }) {
      const counterpart = counterpartOf(res);
      if (offer) await ctx.services.offers.propose(req.user!, counterpart.id, { ...offer, body, via: 'chat' });
      else await ctx.services.messages.write(req.user!, counterpart, body);
      redirect(req, res, `/inbox/${counterpart.id}`);
    },
  });
}

const confirmHide: RequestHandler = (_req, res) => {
  const counterpart = counterpartOf(res);
  res.render('pages/inbox-delete', { title: `Delete the conversation with ${counterpart.username}?`, counterpart });
};

function hide(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const counterpart = counterpartOf(res);
    await ctx.services.messages.hide(req.user!, counterpart.id);
    respond(req, res, { flash: `The conversation with ${counterpart.username} is deleted from your inbox. A new message brings it back.`, redirect: '/inbox' });
  };
}
