// What a deliverable accepts, as plain rules without the database: the link an influencer
// submits, the results either side enters, and how many deliverables one collaboration holds.
import { formatCount } from '../format';
import type { Results } from './collaborations';

/** The most views one post is believed to have had; beyond it a figure is a typo. */
export const MAX_VIEWS = 10_000_000_000;
/** Deliverables one collaboration holds at most (each is a page section and a line in the chat). */
export const MAX_DELIVERABLES = 50;

/**
 * What makes a set of results implausible, by field: more than MAX_VIEWS views, or (where views
 * are known) more likes, comments or clicks than views. With no views counted the others stand
 * alone (some platforms show no views), and no engagement rate is worked out.
 */
export function implausibleResults(r: Results): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const k of ['views', 'likes', 'comments', 'clicks'] as const) {
    if (r[k] > MAX_VIEWS) errors[k] = `${k[0]!.toUpperCase()}${k.slice(1)} cannot be more than ${formatCount(MAX_VIEWS)}: check the number.`;
  }
  if (r.views > 0) {
    for (const k of ['likes', 'comments', 'clicks'] as const) {
      if (r[k] > r.views && !errors[k]) errors[k] = `${k[0]!.toUpperCase()}${k.slice(1)} cannot be more than the views (${formatCount(r.views)}): check both numbers.`;
    }
  }
  return errors;
}

/**
 * The link as it will be stored and printed: an absolute http(s) URL that names its host as typed
 * (`https://host/…`), normalised. Anything else is null: javascript:, data:, a bare word, and the
 * forms a URL parser repairs into some host (`http:evil.example`, `https:/\\evil.example`), which
 * read as one thing and lead to another.
 */
export function webLink(text: string): string | null {
  if (!/^https?:\/\/[^/\\?#@\s]/i.test(text) || /[\\\s]/.test(text)) return null;
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}

export const WEB_LINK_MESSAGE = 'The link must be a whole web address that starts with http:// or https:// and a site name.';

/** Whether `text` is a link {@link webLink} takes. */
export function isWebLink(text: string): boolean {
  return webLink(text) !== null;
}
