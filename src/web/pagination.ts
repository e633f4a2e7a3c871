// Links for a paginated list that keep the current filters in the URL.

export interface Pagination {
  page: number;
  pages: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
}

export function paginate(path: string, params: Record<string, string | number>, page: number, total: number, pageSize: number): Pagination {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== '' && key !== 'page') search.set(key, String(value));
    if (p > 1) search.set('page', String(p));
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
