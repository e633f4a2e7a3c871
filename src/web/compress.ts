// Whole-body gzip for what `res.send` answers (every page and fragment). The `compression`
// middleware streams each response through a fresh zlib stream on the thread pool, which cost
// more than rendering a page; a page is already whole, so it is compressed in one call here.
// Streams (static files, downloads) still go through `compression`, which leaves alone what this
// has encoded. The ETag Express computes is then the compressed body's, as HTTP wants: each
// representation has its own, and If-None-Match answers 304 for either.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { RequestHandler } from 'express';

const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json))/;

export function gzipBodies(level: number): RequestHandler {
  return (req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) return send(body);
      if (typeof body === 'string' && !res.get('Content-Type')) res.type('html');
      res.vary('Accept-Encoding');
      const type = res.get('Content-Type') ?? '';
      const encode =
        req.method !== 'HEAD' &&
        res.statusCode !== 204 &&
        res.statusCode !== 304 &&
        !res.get('Content-Encoding') &&
        COMPRESSIBLE.test(type) &&
        Buffer.byteLength(body) >= MIN_BYTES &&
        req.acceptsEncodings('gzip', 'identity') === 'gzip';
      if (!encode) return send(body);
      // The first page of a visit carries the stylesheet inline (firstPaintStyles) and crosses a
      // slow connection before anything is drawn: brotli, where taken, makes it about a fifth
      // smaller than gzip for well under a millisecond, and such pages are one a visit.
      if (res.locals.inlineCss && req.acceptsEncodings('br') === 'br') {
        res.set('Content-Encoding', 'br');
        return send(brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } }));
      }
      res.set('Content-Encoding', 'gzip');
      // A 8 KB window and a small hash table: pages are a few KB, and zlib's default state
      // (~400 KB a call, counted by V8 as external memory) drove most of the garbage collection.
      return send(gzipSync(body, { level, windowBits: 13, memLevel: 6 }));
    };
    next();
  };
}
