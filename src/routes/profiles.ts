// Public creator profiles: `/@username`, readable signed out (never an email or a phone). It is the
// page an influencer sends a brand, and prints as a media kit.
import { type RequestHandler, Router } from 'express';
import type { AppContext } from '../context';

export default function profileRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path            guards  handler
  router.get('/@:username', publicProfile(ctx));
  return router;
}

function publicProfile(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const profile = await ctx.services.creators.publicProfile(String(req.params.username));
    res.render('pages/creator', { title: profile.profile.displayName || profile.username, profile });
  };
}
