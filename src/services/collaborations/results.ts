// A collaboration's results: what published posts did, added up and set against their cost.
/** What one published post did, as entered by either side. */
export interface Results {
  views: number;
  likes: number;
  comments: number;
  clicks: number;
}


/** Results added up, with what they cost: null where a division has no base. */
export interface ResultsTotals extends Results {
  /** Deliverables with results. */
  reported: number;
  /** (likes + comments) / views */
  engagementRate: number | null;
  /** amount / (likes + comments + clicks), in cents */
  costPerEngagementCents: number | null;
}

/** Adds up results and sets them against what was paid for them (`amountCents`). */
export function totalResults(all: (Results | null)[], amountCents: number): ResultsTotals {
  const reported = all.filter((r): r is Results => r !== null);
  const sum = (k: keyof Results) => reported.reduce((n, r) => n + r[k], 0);
  const views = sum('views');
  const likes = sum('likes');
  const comments = sum('comments');
  const clicks = sum('clicks');
  const engagements = likes + comments + clicks;
  return {
    views,
    likes,
    comments,
    clicks,
    reported: reported.length,
    engagementRate: views > 0 ? (likes + comments) / views : null,
    costPerEngagementCents: engagements > 0 ? Math.round(amountCents / engagements) : null,
  };
}

