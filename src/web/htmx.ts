// One route, two answers: htmx gets the fragment, everything else the full page or a redirect.
import type { Request, Response } from 'express';

/** An htmx request that swaps a fragment (a boosted link or form wants the whole page). */
export function wantsFragment(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true';
}

/** Renders the partial for htmx and the page for everyone else. */
export function renderPageOrPartial(
  req: Request,
  res: Response,
  page: string,
  partial: string,
  data: object,
): void {
  res.vary('HX-Request');
  res.render(wantsFragment(req) ? partial : page, data);
}

/** Sends the browser to `url`: a full navigation for htmx fragments, a 303 for everyone else. */
export function redirect(req: Request, res: Response, url: string): void {
  if (wantsFragment(req)) {
    // Encoded as Express encodes Location (a tab or newline a browser would drop becomes %09, %0A).
    const encoded = res.location(url).get('Location') ?? url;
    res.removeHeader('Location');
    res.set('HX-Redirect', encoded).status(200).end();
  } else {
    res.redirect(303, url);
  }
}

/** Where a request came from, for the services' limits. */
export function origin(req: Request): { address: string } {
  return { address: req.ip ?? 'unknown' };
}

/** A path on our own site (never `//evil.example` or a full URL), for redirects the form asks for. */
export function localPath(value: unknown): string | null {
  // Control characters are refused too: browsers drop tabs and newlines, so `/\t/x` would be `//x`.
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && ![...value].some((c) => c < ' ' || c === '\u007f') && value.length < 500 ? value : null;
}
