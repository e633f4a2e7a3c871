// Builds the Express app: middleware, routes, error pages. It does not listen (see server.ts).
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { csrfProtection } from './auth/csrf';
import { firstPaintStyles, useSecureCookies } from './web/cookies';
import { oncePerSubmission } from './web/once';
import { authenticate } from './auth/session';
import type { AppContext } from './context';
import { LABELS } from './domain';
import { AVAILABILITIES, countryName, LANGUAGES, languageName, PLATFORMS, RATE_KINDS } from './creators';
import { formatBp, formatCount, formatDate, formatEmail, formatMoney, formatPercent, formatTime } from './format';
import adminRoutes from './routes/admin';
import accountRoutes from './routes/account';
import authRoutes from './routes/auth';
import campaignRoutes from './routes/campaigns';
import collaborationRoutes from './routes/collaborations';
import eventRoutes from './routes/events';
import healthRoutes from './routes/health';
import { gzipBodies } from './web/compress';
import inboxRoutes, { quickPoll } from './routes/inbox';
import influencerRoutes from './routes/influencer';
import offerRoutes from './routes/offers';
import profileRoutes from './routes/profiles';
import sponsorRoutes from './routes/sponsor';
import userRoutes from './routes/user';
import { loadAssets } from './web/assets';
import { livePages } from './web/live';
import { errorHandler, pageNotFound } from './web/errors';
import { takeFlash } from './web/flash';
import { wantsFragment } from './web/htmx';
import { NAV } from './web/nav';
import { useEta } from './web/views';
import { EVENTS } from './live/names';

/** htmx settings that keep it within our CSP, and let it swap error answers (a 422 form, a 403). */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  // Not 'style': settling copies an old element's style attribute (a resized textarea) onto its
  // new copy, which the CSP (no inline styles) refuses with a console error.
  attributesToSettle: ['class', 'width', 'height'],
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    // 4xx answers are expected (a form with mistakes, a page not allowed): swap them in quietly.
    { code: '4..', swap: true, error: false },
    { code: '5..', swap: true, error: true },
  ],
});

export function createApp(ctx: AppContext): Express {
  const app = express();
  const assets = loadAssets();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  useSecureCookies(app, ctx.config.publicUrl);
  useEta(app, { cache: ctx.config.env !== 'development' });
  Object.assign(app.locals, {
    asset: assets.url,
    htmxConfig: HTMX_CONFIG,
    appName: 'Influence Market',
    fmt: { money: formatMoney, date: formatDate, time: formatTime, count: formatCount, percent: formatPercent, bp: formatBp, email: formatEmail },
    // The creator profile's vocabulary (src/creators.ts): platform and rate names, countries, languages.
    creator: { platforms: PLATFORMS, rateKinds: RATE_KINDS, availabilities: AVAILABILITIES, languages: LANGUAGES, countryName, languageName },
    labels: LABELS,
    // The live events' names (src/live/names.ts): what a region listens for is what writes send.
    events: EVENTS,
    // Until the CSRF middleware has run (an error before it): forms without a token.
    csrfField: '',
    onceField: '',
  });

  // The chat poll, every 3 s from every open chat, answers "nothing new" before everything else.
  app.get('/inbox/:userId/poll', quickPoll(ctx));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // The first page of a visit carries the stylesheet inline (firstPaintStyles): its hash.
          'style-src': ["'self'", assets.firstPaint.cspSource],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'object-src': ["'none'"],
        },
      },
    }),
  );
  // Pages in one gzip call; static files and downloads (the only streams) through `compression`,
  // which is mounted only there: it wraps every response it sees. Pages at level 3 of 9 (zlib's
  // fast strategy): the admin dashboard's 28 KB in 59 µs instead of 112 µs at the default 6, for
  // 3.6 KB instead of 3.4 KB. Static files, cached by the browser for a year, at level 4.
  const streamed = compression({ level: 4 });
  app.use(gzipBodies(3));
  app.use('/static', streamed, assets.middleware);
  app.use('/sponsor/exports/:id/download', streamed);
  app.use(healthRoutes(ctx));
  app.get('/manifest.webmanifest', (_req, res) => {
    res.type('application/manifest+json').set('Cache-Control', 'public, max-age=3600').send(
      JSON.stringify({
        name: 'Influence Market',
        short_name: 'Influence',
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#5b3cc4',
        icons: [{ src: assets.url('icons/icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      }),
    );
  });

  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(authenticate(ctx));
  app.use(csrfProtection(ctx.config.jwtSecret));
  // Live streams: signed in, with the CSRF field for the forms the open chat's HTML carries, and
  // none of what follows for pages (the unread count, flash messages, export notices, styles).
  app.use(eventRoutes(ctx));
  app.use(firstPaintStyles(assets.firstPaint));
  app.use(oncePerSubmission(ctx));
  app.use((req, res, next) => {
    // Pages are per-person and change with every action: never cache them in shared caches.
    res.set('Cache-Control', 'private, no-cache');
    if (req.get('HX-Boosted') === 'true') {
      // A boosted GET is a page: say its URL, so the address bar is right even when the link that
      // asked for it was swapped away meanwhile. A boosted form answered in place (a 422 form, an
      // error page) must not put its POST-only URL there, where a reload would GET it.
      res.set('HX-Push-Url', req.method === 'GET' ? req.originalUrl : 'false');
    }
    if (req.user) {
      res.locals.currentUser = { username: req.user.username, role: req.user.role };
      res.locals.nav = NAV[req.user.role];
    }
    next();
  });
  // A page of someone with live pages listens for their events from where it was rendered, and
  // shows their unread count in the header.
  app.use(livePages(ctx));
  app.use(takeFlash);
  app.use(async (req, res, next) => {
    // A sponsor's finished exports are announced once, on its next full page.
    if (req.user?.exportNotices && req.method === 'GET' && !wantsFragment(req) && !res.locals.flash) {
      const ready = await ctx.services.exports.takeReadyNotices(req.user.id);
      if (ready.length) res.locals.flash = { kind: 'success', text: 'Your campaign export is ready to download on the Export page.' };
    }
    next();
  });

  app.use(authRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(sponsorRoutes(ctx));
  app.use(influencerRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use(campaignRoutes(ctx));
  app.use(offerRoutes(ctx));
  app.use(collaborationRoutes(ctx));
  app.use(inboxRoutes(ctx));
  app.use(profileRoutes(ctx));

  app.use(pageNotFound);
  app.use(errorHandler(ctx.log));
  return app;
}
