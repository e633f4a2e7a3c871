// Builders for the state a test needs: accounts, campaigns, offers. Through services where they
// exist, through the form where the test is about the form.
import { hashPassword } from '../../src/auth/passwords';
import { now } from '../../src/db';
import { TABLES } from '../../seeds/01_demo';
import type { CampaignInput, Viewer } from '../../src/domain';
import { type Agent, browser, csrfToken, PASSWORD, signUp, type TestApp, uniqueName } from './app';

let passwordHash: Promise<string> | null = null;
const hashed = () => (passwordHash ??= hashPassword(PASSWORD));

/** An approved sponsor as services see it (the viewer of a service call). */
export function asSponsor(id: number): Viewer {
  return { id, role: 'sponsor', status: 'active' };
}

/** Any account as services see it now (its role and status from the database). */
export async function viewerOf(t: TestApp, id: number): Promise<Viewer> {
  const row = await t.ctx.db('users').select('id', 'role', 'status').where({ id }).first();
  return { id: row.id, role: row.role, status: row.status };
}

/** A signed-in sponsor (approved unless asked otherwise). */
export async function sponsor(t: TestApp, { approved = true } = {}): Promise<{ agent: Agent; id: number; username: string }> {
  const agent = browser(t);
  const { username } = await signUp(agent, 'sponsor');
  const { id } = await t.ctx.db('users').where({ username }).first();
  if (approved) await t.ctx.db('users').where({ id }).update({ status: 'active', approved_at: now() });
  return { agent, id, username };
}

/** An influencer account (not signed in), with a follower count of its own. */
export async function influencer(
  t: TestApp,
  { category = 'Travel', niche = 'hiking', followers = 0, username = uniqueName('inf') } = {},
): Promise<number> {
  const id = await t.ctx.services.users.create({
    role: 'influencer',
    username,
    email: `${username}@example.com`,
    phone: '+44 7700 900000',
    passwordHash: await hashed(),
    category,
    niche,
  });
  if (followers) await t.ctx.db('influencer_profiles').where({ user_id: id }).update({ follower_count: followers });
  return id;
}

export async function account(t: TestApp, role: 'user' | 'admin', username = uniqueName(role)): Promise<number> {
  return t.ctx.services.users.create({
    role,
    username,
    email: `${username}@example.com`,
    phone: '+44 7700 900000',
    passwordHash: await hashed(),
  });
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** What a campaign form holds once parsed: a running public campaign unless `overrides` say otherwise. */
export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    title: uniqueName('Campaign '),
    description: 'A campaign',
    niche: null,
    startDate: inDays(-5),
    endDate: inDays(25),
    budgetCents: 1_000_000,
    visibility: 'public',
    goals: 'Reach',
    ...overrides,
  };
}

/** A campaign of the sponsor's; one that is already over gets its past dates written directly (a new one may not end in the past). */
export async function campaign(t: TestApp, sponsorId: number, overrides: Partial<CampaignInput> & { flagged?: boolean } = {}): Promise<number> {
  const { flagged, ...input } = overrides;
  const fields = campaignInput(input);
  const over = fields.endDate < inDays(0);
  const id = await t.ctx.services.campaigns.create(asSponsor(sponsorId), over ? { ...fields, startDate: inDays(0), endDate: inDays(0) } : fields);
  if (over) await t.ctx.db('campaigns').where({ id }).update({ start_date: fields.startDate, end_date: fields.endDate });
  if (flagged) await t.ctx.db('campaigns').where({ id }).update({ flagged: true, flag_reason: 'Misleading' });
  return id;
}

/** An offer in the given status, inserted directly (the negotiation itself is another area's). */
export async function offer(
  t: TestApp,
  { campaignId, sponsorId, influencerId, budgetCents = 100_000, status = 'accepted' }: {
    campaignId: number;
    sponsorId: number;
    influencerId: number;
    budgetCents?: number;
    status?: string;
  },
): Promise<number> {
  const [row] = await t.ctx
    .db('offers')
    .insert({
      campaign_id: campaignId,
      sponsor_id: sponsorId,
      influencer_id: influencerId,
      proposed_by: sponsorId,
      budget_cents: budgetCents,
      terms: 'Two posts',
      status,
      answered_at: status === 'accepted' || status === 'rejected' ? now() : null,
      created_at: now(),
      updated_at: now(),
    })
    .returning('id');
  return typeof row === 'object' ? (row as { id: number }).id : (row as number);
}

/** Posts a form as the agent's browser would, CSRF token included. */
export async function postForm(agent: Agent, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const token = await csrfToken(agent);
  return agent.post(path).set(headers).type('form').send({ ...fields, _csrf: token });
}

export function campaignFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Spring launch',
    description: 'New boots',
    niche: 'hiking',
    start_date: inDays(1),
    end_date: inDays(30),
    budget: '1500.50',
    visibility: 'public',
    goals: 'Awareness',
    ...overrides,
  };
}

export async function count(t: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number((await t.ctx.db(table).where(where).count({ n: '*' }).first())?.n ?? 0);
}

/**
 * Everything users can write, as one comparable string: a request that was refused must leave it
 * as it was. `ignore` names columns that reading moves (a visit, messages seen). Rows are sorted,
 * since PostgreSQL returns a table in the order its rows were last written.
 */
export async function databaseState(t: TestApp, ignore: string[] = ['last_visit_at']): Promise<string> {
  const tables = await Promise.all([...TABLES, 'exports'].map((name) => t.ctx.db(name).select('*')));
  const kept = (k: string, v: unknown) => (ignore.includes(k) ? undefined : v);
  return JSON.stringify(tables.map((rows) => rows.map((row) => JSON.stringify(row, kept)).sort()));
}
