// Static files served under fingerprinted names (`/static/css/app.1a2b3c4d5e.css`) and cached
// for a year as immutable: a repeat visit downloads nothing until a file changes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { rootDir } from '../config';

const publicDir = path.join(rootDir, 'public');

/** Files served from packages, under the logical name templates use. */
const vendorFiles: Record<string, string> = {
  'js/htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  // chart.js does not export its browser build; it sits beside the package's main file.
  'js/chart.umd.min.js': path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

export interface Assets {
  /** The fingerprinted URL of a logical name such as `css/app.css`. */
  url(name: string): string;
  middleware: RequestHandler;
}

function listFiles(dir: string, prefix = ''): [string, string][] {
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const full = path.join(dir, name);
    const logical = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? listFiles(full, logical) : [[logical, full]];
  });
}

export function loadAssets(): Assets {
  const urls = new Map<string, string>();
  const files = new Map<string, string>();
  for (const [logical, file] of [...listFiles(publicDir), ...Object.entries(vendorFiles)]) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
    const ext = path.extname(logical);
    const fingerprinted = `${logical.slice(0, logical.length - ext.length)}.${hash}${ext}`;
    urls.set(logical, `/static/${fingerprinted}`);
    files.set(`/${fingerprinted}`, file);
  }
  return {
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`No static file named ${name} in public/`);
      return url;
    },
    middleware(req, res, next) {
      const file = files.get(req.path);
      if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      res.sendFile(file, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
    },
  };
}
