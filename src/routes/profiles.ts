// Public creator profiles: `/@username`, readable signed out (never an email or a phone). It is the
// page an influencer sends a brand, and prints as a media kit.
import { type RequestHandler, Router } from 'express';
import { requireRole } from '../auth/guards';
import type { AppContext } from '../context';
import { PLATFORMS } from '../creators';
import { mediaKitPdf } from '../pdf/mediaKit';
import { idParam } from '../web/load';
import { respond } from '../web/respond';

export default function profileRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path            guards  handler
  router.get('/@:username', publicProfile(ctx));
  router.get('/@:username/media-kit.pdf', mediaKit(ctx));
  router.post('/admin/platforms/:id/verify', requireRole('admin'), verify(ctx, true));
  router.post('/admin/platforms/:id/unverify', requireRole('admin'), verify(ctx, false));
  return router;
}

function publicProfile(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const profile = await ctx.services.creators.publicProfile(String(req.params.username), req.user);
    res.render('pages/creator', { title: profile.profile.displayName || profile.username, profile });
  };
}

/** The public profile as a PDF to send a brand. */
function mediaKit(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const profile = await ctx.services.creators.publicProfile(String(req.params.username));
    const pdf = await mediaKitPdf(profile, ctx.config.publicUrl);
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `inline; filename="${profile.username}-media-kit.pdf"`);
    res.set('Cache-Control', 'no-cache');
    res.send(pdf);
  };
}

/** The admin's verdict on a platform account's figures, back on the profile it shows on. */
function verify(ctx: AppContext, verified: boolean): RequestHandler {
  return async (req, res) => {
    const { username, platform } = await ctx.services.creators.setVerified(req.user!, idParam(req, 'That platform account'), verified);
    const label = `${PLATFORMS[platform.platform].label} ${platform.handle}`;
    respond(req, res, { flash: verified ? `${label}: figures marked verified.` : `${label}: verification withdrawn.`, redirect: `/@${username}` });
  };
}
