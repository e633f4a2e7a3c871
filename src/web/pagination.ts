// Links for a paginated list that keep the current filters in the URL.
import { formatCount } from '../format';

export interface Pagination {
  page: number;
  pages: number;
  total: number;
  /** The total and the page count as shown: "1,000+" and "50+" where the count stopped at its cap. */
  totalLabel: string;
  pagesLabel: string;
  prevHref: string | null;
  nextHref: string | null;
}

export function paginate(
  path: string,
  params: Record<string, unknown>,
  page: number,
  total: number,
  pageSize: number,
  pageParam = 'page',
  atLeast = false,
): Pagination {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const plus = atLeast ? '+' : '';
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if ((typeof value === 'string' || typeof value === 'number') && value !== '' && key !== pageParam) search.set(key, String(value));
    }
    if (p > 1) search.set(pageParam, String(p));
    const query = search.toString();
    return query ? `${path}?${query}` : path;
  };
  return {
    page,
    pages,
    total,
    totalLabel: `${formatCount(total)}${plus}`,
    pagesLabel: `${formatCount(pages)}${plus}`,
    prevHref: page > 1 ? href(atLeast ? page - 1 : Math.min(page - 1, pages)) : null,
    nextHref: page < pages || atLeast ? href(page + 1) : null,
  };
}
