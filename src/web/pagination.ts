// Links for a paginated list that keep the current filters in the URL.

export interface Pagination {
  page: number;
  pages: number;
  total: number;
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
): Pagination {
  const pages = Math.max(1, Math.ceil(total / pageSize));
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
    prevHref: page > 1 ? href(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? href(page + 1) : null,
  };
}
