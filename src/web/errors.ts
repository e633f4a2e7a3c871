// Not-found and error pages: friendly for people, the cause in the log for us.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { Conflict, Gone, HttpError, NotFound } from '../errors';
import { flash } from './flash';
import { localPath, renderPageOrPartial } from './htmx';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'This link no longer works',
  413: 'Too large',
  422: 'Please check the form',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/**
 * The page a form was sent from (htmx says it; a browser without JavaScript sends a Referer), as
 * a path on this site: only the path is kept, so it never leads elsewhere.
 */
function pageBehind(req: Request): string | null {
  const from = req.get('HX-Current-URL') ?? req.get('Referer');
  if (!from) return null;
  try {
    const url = new URL(from);
    return localPath(`${url.pathname}${url.search}`);
  } catch {
    return null;
  }
}

export const pageNotFound: RequestHandler = (_req, _res, next) => next(new NotFound());

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: unknown; statusCode?: unknown; type?: unknown };
    const given = Number(e.status ?? e.statusCode);
    const status = err instanceof HttpError ? err.status : given >= 400 && given < 600 ? given : 500;
    let message: string;
    if (err instanceof HttpError) message = err.message;
    else if (status === 413) message = 'That was more data than a form may send.';
    else if (status < 500) message = 'The request could not be understood.';
    else message = 'Something went wrong on our side. Please try again in a moment.';
    if (status >= 500) log.error(`${req.method} ${req.originalUrl} failed`, err);
    // A form sent from a page that has moved on (another tab, the other side): with JavaScript the
    // page is loaded again, showing where things stand, with the reason on top; without it the
    // error page says why and links back to that page.
    const back = err instanceof Conflict && req.method === 'POST' ? pageBehind(req) : null;
    if (back && req.get('HX-Request') === 'true') {
      flash(res, 'error', `${message} The page now shows where it stands.`);
      res.status(status).set('HX-Redirect', back).end();
      return;
    }
    res.status(status);
    renderPageOrPartial(req, res, 'pages/error', 'partials/error', {
      title: TITLES[status] ?? 'Error',
      status,
      message,
      next: err instanceof Gone ? err.next : back ? { href: back, label: 'See where it stands now' } : null,
    });
  };
}
