// What a page needs for live events: the stream's URL (from where the page was rendered) and the
// header's unread count, for the people who have live pages.
import type { RequestHandler, Response } from 'express';
import type { AppContext } from '../context';
import type { Role } from '../domain';
import { wantsFragment } from './htmx';

/** Who has live pages: the two sides of conversations. */
export const LIVE_ROLES: readonly Role[] = ['sponsor', 'influencer'];

export interface LivePage {
  url: string;
  unread: number;
}

export function livePages(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    if (req.user && LIVE_ROLES.includes(req.user.role) && req.method === 'GET' && !wantsFragment(req)) {
      const live: LivePage = { url: `/events?from=${ctx.live.position()}`, unread: await ctx.services.messages.unreadCount(req.user.id) };
      res.locals.live = live;
    }
    next();
  };
}

/** The page shows the chat with `counterpartId`: its stream brings the chat's new messages as HTML. */
export function watchChat(res: Response, counterpartId: number): void {
  const live = res.locals.live as LivePage | undefined;
  if (live) res.locals.live = { ...live, url: `${live.url}&chat=${counterpartId}` };
}
