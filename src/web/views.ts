// Eta as Express's view engine: `res.render('pages/…', data)` merges res.locals, escapes by default.
import path from 'node:path';
import type { Express } from 'express';
import { Eta } from 'eta';
import { rootDir } from '../config';

export const viewsDir = path.join(rootDir, 'views');

export function useEta(app: Express, { cache }: { cache: boolean }): void {
  const eta = new Eta({ views: viewsDir, cache, autoEscape: true, autoTrim: [false, 'nl'] });
  if (cache) rememberPaths(eta);
  app.engine('eta', (file, data, done) => {
    try {
      done(null, eta.render(path.relative(viewsDir, file), data as object));
    } catch (err) {
      done(err as Error);
    }
  });
  app.set('view engine', 'eta');
  // Express looks each view up on disk on every render unless told to keep what it found.
  app.set('view cache', cache);
  app.set('views', viewsDir);
}

/**
 * Eta resolves every include's path anew (a JSON key, path joins) even with its cache on: a page
 * with 30 rows resolved the same few paths 100 times. With templates cached, a path is resolved
 * once per (template, includer).
 */
function rememberPaths(eta: Eta): void {
  const resolve = eta.resolvePath!;
  const known = new Map<string, string>();
  eta.resolvePath = function (template, options) {
    const key = `${options?.filepath ?? ''}\0${template}`;
    let resolved = known.get(key);
    if (resolved === undefined) {
      resolved = resolve.call(this, template, options);
      known.set(key, resolved);
    }
    return resolved;
  };
}
