// Ids in the URL. `idParam` reads one or answers 404; the `load…` step of routes with an id finds
// the record (through a service that checks it is the caller's to see) and stores it in
// res.locals, or answers 404.
import type { Request, RequestHandler } from 'express';
import { NotFound } from '../errors';
import { parseId } from '../validation/form';

/** The id in `req.params[param]`, or NotFound for anything that is not one. */
export function idParam(req: Request, what: string, param = 'id'): number {
  const id = parseId(req.params[param]);
  if (id === null) throw new NotFound(what);
  return id;
}

export function loadById<T>(
  options: { param?: string; local: string; what: string },
  find: (id: number, req: Request) => Promise<T | undefined | null | false>,
): RequestHandler {
  return async (req, res, next) => {
    const record = await find(idParam(req, options.what, options.param), req);
    if (!record) throw new NotFound(options.what);
    res.locals[options.local] = record;
    next();
  };
}
