// What a campaign's budget has committed and what of it is paid: one definition for every page,
// answer, export and report. An offer commits its budget once accepted; it is paid once its sponsor
// has marked it paid (only an accepted offer can be). Offers are `o` in every query below.
import type { Knex } from 'knex';

const COMMITS = `o.status = 'accepted'`;
const PAID = `${COMMITS} and o.paid_at is not null`;

/** The offers that commit their budget; with `asOf`, those accepted before that moment (a month's report). */
export function committedOffers(db: Knex, asOf?: number): Knex.QueryBuilder {
  const q = db('offers as o').whereRaw(COMMITS);
  return asOf === undefined ? q : q.where('o.answered_at', '<', asOf);
}

/** Of those, the ones marked paid (before `asOf`). */
export function paidOffers(db: Knex, asOf?: number): Knex.QueryBuilder {
  const q = db('offers as o').whereRaw(PAID);
  return asOf === undefined ? q : q.where('o.paid_at', '<', asOf);
}

/** Per row of a query over offers `o`: the cents it adds to what is committed, and to what is paid (sum them). */
export function committedCents(db: Knex): Knex.Raw {
  return db.raw(`case when ${COMMITS} then o.budget_cents else 0 end`);
}
export function paidCents(db: Knex): Knex.Raw {
  return db.raw(`case when ${PAID} then o.budget_cents else 0 end`);
}
