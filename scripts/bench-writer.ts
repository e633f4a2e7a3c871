// The writes of `npm run bench`'s mixed workload: a steady stream, through HTTP as real accounts, of
// what people of a busy marketplace do: follows and unfollows, profile edits, new and edited
// campaigns, offers, counter-offers and chat messages. The measured readers (sponsor1, influencer1,
// user1, admin) are never the writers, but sponsor2 writes to influencers whose listings they read.
import { BENCH_PASSWORD, benchIds } from './bench-data';
import { logInOverHttp } from './http';

interface Account {
  cookie: string;
  token: string;
}

export interface WriterStats {
  sent: number;
  /** Answered 2xx/3xx. */
  done: number;
  /** Refused with a 4xx (e.g. an offer the rules do not allow right now); changes nothing. */
  refused: number;
  /** 5xx or no answer: a bench with any of these fails. */
  failed: number;
}

export interface Writer {
  stop(): Promise<WriterStats>;
}

/** What the writers need before the stream starts: their sessions and one open campaign of sponsor2. */
export async function prepareWriters(base: string): Promise<{ accounts: Record<string, Account>; campaignId: number }> {
  const accounts: Record<string, Account> = {};
  const names = ['sponsor2', 'influencer2', ...Array.from({ length: 10 }, (_, i) => `user${i + 2}`)];
  for (const username of names) {
    const { session, csrf, token } = await logInOverHttp(base, username, BENCH_PASSWORD);
    accounts[username] = { cookie: `session=${session}; csrf=${csrf}`, token };
  }
  const sponsor = accounts.sponsor2!;
  const res = await post(base, sponsor, '/campaigns', campaignFields('Bench mixed workload'));
  const location = res.headers.get('location') ?? '';
  if (res.status !== 303) throw new Error(`bench writer: could not create its campaign (${res.status})`);
  // The new campaign is the sponsor's newest: read its id from the dashboard's first edit link.
  const dashboard = await (await fetch(`${base}${location}`, { headers: { cookie: sponsor.cookie } })).text();
  const id = Number(/href="\/campaigns\/(\d+)\/edit"/.exec(dashboard)?.[1]);
  if (!Number.isInteger(id)) throw new Error('bench writer: its campaign is not on the sponsor dashboard');
  return { accounts, campaignId: id };
}

function campaignFields(title: string): Record<string, string> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    title,
    description: 'Written by the bench while others read.',
    niche: 'fitness',
    start_date: day(0),
    end_date: day(90),
    budget: '9000000',
    visibility: 'public',
    goals: 'Measure reads under writes.',
  };
}

function post(base: string, account: Account, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: account.cookie },
    body: new URLSearchParams({ ...fields, _csrf: account.token }).toString(),
  });
}

/**
 * Starts `perSecond` writes a second, in a fixed cycle of ten: four follows/unfollows, a profile
 * edit, a campaign edit, a new campaign, an offer, a counter-offer in the chat, a chat message.
 */
export function startWriter(base: string, perSecond: number, { accounts, campaignId }: Awaited<ReturnType<typeof prepareWriters>>): Writer {
  const ids = benchIds();
  const stats: WriterStats = { sent: 0, done: 0, refused: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  // Influencers among the first 200 (the ones the searches show), each followed then unfollowed.
  const someInfluencer = () => ids.influencer(1 + ((n * 37) % 200));
  const writes: (() => Promise<Response>)[] = [
    () => post(base, accounts[`user${2 + (n % 10)}`]!, `/influencers/${someInfluencer()}/follow`, {}),
    () => post(base, accounts[`user${2 + ((n - 1) % 10)}`]!, `/influencers/${ids.influencer(1 + (((n - 1) * 37) % 200))}/unfollow`, {}),
    () => post(base, accounts[`user${2 + (n % 10)}`]!, `/influencers/${someInfluencer()}/follow`, {}),
    () => post(base, accounts[`user${2 + ((n - 1) % 10)}`]!, `/influencers/${ids.influencer(1 + (((n - 1) * 37) % 200))}/unfollow`, {}),
    () =>
      post(base, accounts.influencer2!, '/influencer/profile', {
        username: 'influencer2',
        phone: '+44 20 7946 0002',
        category: 'Fitness',
        niche: n % 20 < 10 ? 'fitness' : 'fit and healthy',
        current_password: '',
        new_password: '',
      }),
    () => post(base, accounts.sponsor2!, `/campaigns/${campaignId}`, campaignFields(`Bench mixed workload ${n % 7}`)),
    () => post(base, accounts.sponsor2!, '/campaigns', { ...campaignFields(`Bench campaign ${n}`), visibility: n % 2 ? 'public' : 'private' }),
    () =>
      post(base, accounts.sponsor2!, '/offers', {
        campaign_id: String(campaignId),
        influencer_id: String(ids.influencer(1 + ((n * 7919) % ids.influencers))),
        budget: '10',
        terms: 'One post a week for a month.',
        body: 'Would you work with us?',
      }),
    () =>
      post(base, accounts.sponsor2!, `/inbox/${ids.influencer(1 + ((n * 104_729) % ids.influencers))}/messages`, {
        body: 'Could we meet halfway?',
        campaign_id: String(campaignId),
        budget: '12',
        terms: 'Two posts.',
      }),
    () => post(base, accounts.sponsor2!, `/inbox/${ids.influencer(1 + (n % 50))}/messages`, { body: `Hello again (${n}).`, campaign_id: '', budget: '', terms: '' }),
  ];
  const timer = setInterval(() => {
    const write = writes[n % writes.length]!;
    n += 1;
    stats.sent += 1;
    const sent = write()
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status < 400) stats.done += 1;
        else if (res.status < 500) stats.refused += 1;
        else stats.failed += 1;
      })
      .catch(() => {
        stats.failed += 1;
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { ...stats };
    },
  };
}
