// The influencer search, as sponsors see it (with "Make an offer") and as users do (with follow
// buttons): one query, one page per area, one results fragment; `extra` adds the area's own data.
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../context';
import { INFLUENCER_CATEGORIES, INFLUENCER_SORT_LABELS, INFLUENCER_SORTS } from '../domain';
import { moneyInput } from '../format';
import { type InfluencerCard, SEARCH_PAGE_SIZE } from '../services/influencers';
import { parseInfluencerQuery } from '../validation/search';
import { renderPageOrPartial } from './htmx';
import { paginate } from './pagination';

export function searchInfluencers(
  ctx: AppContext,
  area: 'sponsor' | 'user',
  extra: (req: Request, influencers: InfluencerCard[]) => object | Promise<object>,
): RequestHandler {
  const searchPath = `/${area}/influencers`;
  return async (req, res) => {
    const query = parseInfluencerQuery(req.query);
    const { influencers, total, atLeast } = await ctx.services.influencers.search(query);
    const maxPrice = typeof query.max_price === 'number' ? moneyInput(query.max_price) : '';
    renderPageOrPartial(req, res, `pages/${area}/influencers`, 'partials/influencer-results', {
      title: 'Find influencers',
      searchPath,
      query,
      categories: INFLUENCER_CATEGORIES,
      sorts: INFLUENCER_SORTS,
      sortLabels: INFLUENCER_SORT_LABELS,
      maxPrice,
      influencers,
      ...(await extra(req, influencers)),
      pagination: paginate(searchPath, { ...query, max_price: maxPrice }, query.page, total, SEARCH_PAGE_SIZE, 'page', atLeast),
    });
  };
}
