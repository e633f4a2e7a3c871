// Liveness for load balancers and people: is the database answering, is Redis?
import { type RequestHandler, Router } from 'express';
import type { AppContext } from '../context';
import { redisState } from '../redis';

export default function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path        guards  handler
  router.get('/healthz', health(ctx));
  return router;
}

function health(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const database = await ctx.db
      .raw('select 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = await redisState(ctx.redis);
    // Redis is optional (cache, queues wait in the outbox): only the database decides liveness.
    res
      .status(database === 'up' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database === 'up' ? 'ok' : 'down', database, redis });
  };
}
