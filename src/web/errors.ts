// Not-found and error pages: friendly for people, the cause in the log for us.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { Gone, HttpError, NotFound } from '../errors';
import { renderPageOrPartial } from './htmx';

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
    res.status(status);
    renderPageOrPartial(req, res, 'pages/error', 'partials/error', {
      title: TITLES[status] ?? 'Error',
      status,
      message,
      next: err instanceof Gone ? err.next : null,
    });
  };
}
