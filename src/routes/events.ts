// GET /events: the signed-in sponsor's or influencer's live pages (the stream hub, src/live/hub.ts).
import { Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { liveStreams } from '../live/hub';
import { LIVE_ROLES } from '../web/live';

export default function eventRoutes(ctx: AppContext): Router {
  const router = Router();
  const streams = liveStreams(ctx);
  //          path       guards                      handler
  router.get('/events', requireRole(...LIVE_ROLES), streams.open);
  return router;
}
