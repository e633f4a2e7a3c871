// Static files served under fingerprinted names (`/static/css/app.1a2b3c4d5e.css`) and cached
// for a year as immutable: a repeat visit downloads nothing until a file changes. Text files go out
// compressed as hard as zlib and brotli can (gzip 9, brotli 11), each made once per process on its
// first request and kept: a first visit on a slow phone is what they cost.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { rootDir } from '../config';

const publicDir = path.join(rootDir, 'public');

/** Files served from packages, under the logical name templates use. */
const vendorFiles: Record<string, string> = {
  'js/htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  // htmx's server-sent events extension, on the pages of people with live events.
  'js/sse.min.js': require.resolve('htmx-ext-sse/dist/sse.min.js'),
  // chart.js does not export its browser build; it sits beside the package's main file.
  'js/chart.umd.min.js': path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

const COMPRESSIBLE = /\.(css|js|svg|json)$/;
const YEAR_SECONDS = 365 * 24 * 3600;

/** Each text file's compressed forms, by path, for the process's life (files do not change under it). */
const encoded = new Map<string, { gzip: Buffer; br: Buffer }>();
function encodingsOf(file: string): { gzip: Buffer; br: Buffer } {
  let forms = encoded.get(file);
  if (!forms) {
    const raw = readFileSync(file);
    forms = {
      gzip: gzipSync(raw, { level: 9 }),
      br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    };
    encoded.set(file, forms);
  }
  return forms;
}

export interface Assets {
  /** The fingerprinted URL of a logical name such as `css/app.css`. */
  url(name: string): string;
  middleware: RequestHandler;
  /** The stylesheet to put inline on a first visit, with its CSP hash source and its version. */
  firstPaint: FirstPaintStyle;
}

export interface FirstPaintStyle {
  css: string;
  /** `'sha256-…'`, for the Content-Security-Policy's style-src: no 'unsafe-inline'. */
  cspSource: string;
  /** The fingerprint of the stylesheet: a browser that was sent this version may have it cached. */
  version: string;
}

/** Comments and runs of white space out (nothing that could change what a selector means). */
function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

function firstPaintStyle(file: string, version: string): FirstPaintStyle {
  const css = minifyCss(readFileSync(file, 'utf8'));
  return { css, cspSource: `'sha256-${createHash('sha256').update(css).digest('base64')}'`, version };
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
  const hashes = new Map<string, string>();
  for (const [logical, file] of [...listFiles(publicDir), ...Object.entries(vendorFiles)]) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
    const ext = path.extname(logical);
    const fingerprinted = `${logical.slice(0, logical.length - ext.length)}.${hash}${ext}`;
    urls.set(logical, `/static/${fingerprinted}`);
    files.set(`/${fingerprinted}`, file);
    hashes.set(logical, hash);
  }
  const stylesheet = 'css/app.css';
  return {
    firstPaint: firstPaintStyle(path.join(publicDir, stylesheet), hashes.get(stylesheet)!),
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`No static file named ${name} in public/`);
      return url;
    },
    middleware(req, res, next) {
      const file = files.get(req.path);
      if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      // Brotli whenever it is taken (browsers list it after gzip, which would win a plain negotiation).
      const encoding = !COMPRESSIBLE.test(file) ? false : req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip', 'identity');
      if (encoding !== 'br' && encoding !== 'gzip') return res.sendFile(file, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
      const body = encodingsOf(file)[encoding];
      res.vary('Accept-Encoding');
      res.type(path.extname(file));
      res.set({ 'Content-Encoding': encoding, 'Content-Length': String(body.length), 'Cache-Control': `public, max-age=${YEAR_SECONDS}, immutable` });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
