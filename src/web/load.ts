// The `load…` step of routes with an id in the URL: it finds the record (through a service that
// checks it is the caller's to see) and stores it in res.locals, or answers 404.
import type { Request, RequestHandler } from 'express';
import { NotFound } from '../errors';
import { parseId } from '../validation/search';

export function loadById<T>(
  options: { param?: string; local: string; what: string },
  find: (id: number, req: Request) => Promise<T | undefined | null | false>,
): RequestHandler {
  const param = options.param ?? 'id';
  return async (req, res, next) => {
    const id = parseId(req.params[param]);
    const record = id === null ? undefined : await find(id, req);
    if (!record) throw new NotFound(options.what);
    res.locals[options.local] = record;
    next();
  };
}
