// `npm run chaos`: injects faults into a running app and accounts for everything users did.
// It starts its own Redis (redis-server on a free port, nothing on disk, like production's) and the
// app as `npm start` does (two web processes and the worker, SQLite, demo data, fresh folder), then:
//   1. stops Redis under load and starts it again: no request may fail (none needs Redis), and the
//      exports asked for meanwhile must all complete;
//   2. kills the worker (SIGKILL) several times while exports are being built: every export must
//      complete, each once;
//   3. kills every process of the app (SIGKILL) in the middle of writes, restarts it on the same
//      database: the database must pass SQLite's integrity and foreign-key checks, and every message
//      whose sending was acknowledged (303) must be there;
//   4. sends SIGTERM while logins (argon2, slow on purpose) are in flight: each must get its answer,
//      and the app must exit 0.
// It prints what it did and what survived, and exits 1 if anything was lost.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../src/db';
import { DEMO_PASSWORD } from '../seeds/01_demo';
import { loginForm, logInOverHttp, waitForApp } from './http';

const root = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = mkdtempSync(path.join(tmpdir(), 'influence-chaos-'));
const report: { fault: string; did: string; survived: string; lost: number }[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function until(what: string, check: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// --- Redis -----------------------------------------------------------------------------------
let redis: ChildProcess | undefined;
async function startRedis(port: number): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis.on('error', (err) => {
    console.error(`cannot start redis-server (${err.message}): install it (apt-get install redis-server)`);
    process.exit(1);
  });
  await until('Redis', async () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG', 10);
}
function killRedis(): void {
  redis?.kill('SIGKILL');
  redis = undefined;
}

// --- the app ---------------------------------------------------------------------------------
interface App {
  process: ChildProcess;
  exited: Promise<number | null>;
}
let app: App | undefined;
let base = '';
let redisPort = 0;

async function startApp(port: number): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'error',
      OUTBOX_RESEND_SECONDS: '3',
      QUEUE_PREFIX: `chaos-${process.pid}`,
      LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitForApp(`http://127.0.0.1:${port}`, 60);
  return { process: child, exited };
}

/** The app's processes by kind: the cluster's web processes and the worker. */
function processesOf(primary: number): { web: number[]; worker: number[] } {
  let lines: string[] = [];
  try {
    lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' }).split('\n').filter((l) => l.trim());
  } catch {
    /* no children */
  }
  const pid = (line: string) => Number(line.trim().split(/\s+/)[0]);
  return { web: lines.filter((l) => l.includes('start.ts')).map(pid), worker: lines.filter((l) => l.includes('worker.ts')).map(pid) };
}

// --- users -----------------------------------------------------------------------------------
interface Session {
  id: number;
  cookie: string;
  token: string;
}
async function logIn(username: string, db: Db): Promise<Session> {
  const { id } = await db('users').where({ username }).first('id');
  const { csrf, session, token } = await logInOverHttp(base, username, DEMO_PASSWORD);
  return { id, cookie: `session=${session}; csrf=${csrf}`, token };
}

interface Outcome {
  ok: boolean;
  status: number;
  error?: string;
}
async function send(session: Session | null, method: 'GET' | 'POST', url: string, fields: Record<string, string> = {}): Promise<Outcome> {
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
      headers: {
        ...(session ? { cookie: session.cookie } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: method === 'POST' ? new URLSearchParams({ ...fields, _csrf: session?.token ?? '' }).toString() : undefined,
    });
    await res.arrayBuffer();
    return { ok: res.status < 400, status: res.status };
  } catch (err) {
    return { ok: false, status: 0, error: (err as Error).cause ? String((err as Error & { cause: Error }).cause.message) : (err as Error).message };
  }
}

/** Runs `step` on `connections` loops until `ms` have passed. */
async function load(ms: number, connections: number, step: (n: number) => Promise<void>): Promise<void> {
  const end = Date.now() + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await step((n += 1));
    }),
  );
}

function database(): Db {
  return createDb(`sqlite:${path.join(dataDir, 'app.db')}`);
}
const num = async (q: PromiseLike<{ n?: number | string } | undefined>) => Number((await q)?.n ?? 0);

// --- the faults ------------------------------------------------------------------------------
async function redisOutage(acme: Session, lena: Session, db: Db): Promise<void> {
  const results: Outcome[] = [];
  const acknowledged: string[] = [];
  const exportsBefore = await num(db('exports').count({ n: '*' }).first());
  let exportsAsked = 0;
  const outage = (async () => {
    await sleep(2000);
    killRedis();
    console.log('  Redis killed (SIGKILL)');
    await sleep(1000);
    for (let i = 0; i < 3; i += 1) {
      const res = await send(acme, 'POST', '/sponsor/exports');
      results.push(res);
      if (res.status === 303) exportsAsked += 1;
    }
    await sleep(3000);
    await startRedis(redisPort);
    console.log('  Redis started again (empty)');
  })();
  await load(9000, 8, async (n) => {
    const who = n % 2 ? acme : lena;
    const kind = n % 4;
    if (kind === 0) {
      const body = `chaos-redis-${n}`;
      const res = await send(acme, 'POST', '/inbox/5/messages', { body });
      results.push(res);
      if (res.status === 303) acknowledged.push(body);
    } else if (kind === 1) results.push(await send(acme, 'GET', '/sponsor/influencers?niche=hik&sort=followers'));
    else if (kind === 2) results.push(await send(who, 'GET', who === acme ? '/inbox/5' : '/influencer/campaigns?sort=budget'));
    else results.push(await send(null, 'GET', '/healthz'));
  });
  await outage;
  const failed = results.filter((r) => !r.ok);
  await until('the exports asked for during the outage', async () => (await num(db('exports').whereNot({ status: 'ready' }).count({ n: '*' }).first())) === 0, 60);
  const exportsNow = await num(db('exports').where({ status: 'ready' }).count({ n: '*' }).first());
  const stored = await num(db('messages').whereIn('body', acknowledged).count({ n: '*' }).first());
  const lost = acknowledged.length - stored + (exportsBefore + exportsAsked - exportsNow) + failed.length;
  report.push({
    fault: 'Redis killed and restarted empty, under load',
    did: `${results.length} requests on 8 connections over 9 s (3 s without Redis), ${exportsAsked} exports asked while it was down`,
    survived: `${results.length - failed.length}/${results.length} answered without error${failed.length ? ` (failed: ${[...new Set(failed.map((f) => f.status || f.error))].join(', ')})` : ''}; ${stored}/${acknowledged.length} acknowledged messages stored; ${exportsNow - exportsBefore}/${exportsAsked} exports ready`,
    lost,
  });
}

/** How many "export ready" emails went out (.eml files, the default without SMTP_URL). */
function exportEmails(): number {
  const dir = path.join(dataDir, 'mail');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((f) => readFileSync(path.join(dir, f), 'utf8').includes('Subject: Your campaign export is ready')).length;
}

async function workerKills(acme: Session, db: Db, primary: number): Promise<void> {
  // Enough campaigns that each export takes a while to build, so that the kills land mid-job.
  const template = await db('campaigns').where({ sponsor_id: acme.id }).first();
  const { id: _id, ...fields } = template as Record<string, unknown>;
  for (let batch = 0; batch < 10; batch += 1) {
    await db('campaigns').insert(Array.from({ length: 300 }, (_, i) => ({ ...fields, title: `Chaos campaign ${batch * 300 + i}`, visibility: 'private' })));
  }
  const before = await num(db('exports').count({ n: '*' }).first());
  const asked = 60;
  for (let i = 0; i < asked; i += 1) await send(acme, 'POST', '/sponsor/exports');
  const ready = () => num(db('exports').where({ status: 'ready' }).count({ n: '*' }).first());
  const kills: string[] = [];
  for (let kill = 0; kill < 3; kill += 1) {
    // Kill it as soon as it is seen working: some exports done, others under way.
    const start = await ready();
    await until('the worker to make progress', async () => (await ready()) > start, 30).catch(async (err: unknown) => {
      const states = await db('exports').select('status').count({ n: '*' }).groupBy('status');
      const keys = spawnSync('redis-cli', ['-p', String(redisPort), '--scan'], { encoding: 'utf8' }).stdout;
      const prefix = `chaos-${process.pid}:bq:exports`;
      const sizes = ['waiting', 'active', 'stalling'].map((k) => `${k} ${spawnSync('redis-cli', ['-p', String(redisPort), k === 'stalling' ? 'scard' : 'llen', `${prefix}:${k}`], { encoding: 'utf8' }).stdout.trim()}`);
      console.log('  exports by status', JSON.stringify(states), 'queue', sizes.join(', '), 'workers', processesOf(primary).worker, '\n', keys.split('\n').filter((k) => k.includes('exports')).slice(0, 12).join(' '));
      throw err;
    });
    const unfinished = await num(db('exports').whereNot({ status: 'ready' }).count({ n: '*' }).first());
    const pids = processesOf(primary).worker;
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    if (unfinished === 0) break;
    kills.push(`${unfinished}`);
    console.log(`  worker ${pids.join(', ')} killed (SIGKILL) while working, ${unfinished} exports unfinished`);
    await until('a new worker', async () => processesOf(primary).worker.length > 0 && !processesOf(primary).worker.some((p) => pids.includes(p)), 20);
  }
  // A job killed after the export was built but before its email is handed out again once the
  // stalled job is noticed (or resent from the outbox): wait for the emails, not just the files.
  const total = await num(db('exports').count({ n: '*' }).first());
  await until('every export and its email', async () => (await num(db('exports').whereNotNull('notified_at').count({ n: '*' }).first())) === total, 90).catch(
    () => undefined,
  );
  const done = (await ready()) - before;
  const emails = exportEmails();
  report.push({
    fault: `worker killed mid-job, ${kills.length} times`,
    did: `${asked} exports asked; the worker SIGKILLed while building them, with ${kills.join(', ')} unfinished`,
    // The email goes out before the export is marked notified: a kill between the two sends it
    // again (at least once, never lost). A duplicate is counted, not lost.
    survived: `${done}/${asked} exports ready; ${emails} "export ready" emails for ${total} exports (${Math.max(0, emails - total)} duplicates)`,
    lost: asked - done + Math.max(0, total - emails),
  });
}

async function crashMidWrite(acme: Session, lena: Session, port: number): Promise<void> {
  const acknowledged: string[] = [];
  let sent = 0;
  const crash = (async () => {
    await sleep(1500);
    const { web, worker } = processesOf(app!.process.pid!);
    for (const pid of [app!.process.pid!, ...web, ...worker]) process.kill(pid, 'SIGKILL');
    console.log(`  every process of the app killed (SIGKILL) in the middle of writes: ${[app!.process.pid, ...web, ...worker].join(', ')}`);
  })();
  await load(3000, 16, async (n) => {
    const body = `chaos-crash-${n}`;
    sent += 1;
    const res = n % 2 ? await send(acme, 'POST', '/inbox/5/messages', { body }) : await send(lena, 'POST', '/inbox/2/messages', { body });
    if (res.status === 303) acknowledged.push(body);
    if (res.status === 0) await sleep(50);
  });
  await crash;
  await app!.exited;
  app = await startApp(port);
  console.log('  app started again on the same database');
  const db = database();
  try {
    const integrity = (await db.raw('pragma integrity_check')) as { integrity_check: string }[];
    const foreign = (await db.raw('pragma foreign_key_check')) as unknown[];
    const stored = await num(db('messages').whereIn('body', acknowledged).count({ n: '*' }).first());
    // Each conversation's newest message is the one it points to.
    const drift = await num(
      db('conversations as c')
        .whereRaw('c.last_message_id is not (select max(m.id) from messages m where m.conversation_id = c.id)')
        .count({ n: '*' })
        .first(),
    );
    const ok = integrity[0]?.integrity_check === 'ok' && foreign.length === 0 && drift === 0;
    report.push({
      fault: 'every process killed mid-write, then restarted',
      did: `${sent} message sends on 16 connections, all processes SIGKILLed after 1.5 s`,
      survived: `integrity_check ${integrity[0]?.integrity_check}, ${foreign.length} foreign-key violations, ${drift} conversations out of step; ${stored}/${acknowledged.length} acknowledged messages stored`,
      lost: acknowledged.length - stored + (ok ? 0 : 1),
    });
  } finally {
    await db.destroy();
  }
}

async function gracefulStop(): Promise<void> {
  // The forms first, so that every login is on the wire before the signal.
  const forms = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const { csrf, token } = await loginForm(base);
      return { id: 0, cookie: `csrf=${csrf}`, token };
    }),
  );
  const logins = forms.map((form) => send(form, 'POST', '/login', { username: 'jordan', password: DEMO_PASSWORD }));
  await sleep(100);
  app!.process.kill('SIGTERM');
  console.log('  SIGTERM sent with 8 logins in flight');
  const answers = await Promise.all(logins);
  const code = await Promise.race([app!.exited, sleep(20_000).then(() => 'still running')]);
  const answered = answers.filter((a) => a.status === 303).length;
  const others = answers.filter((a) => a.status !== 303).map((a) => a.status || a.error);
  report.push({
    fault: 'SIGTERM with requests in flight',
    did: '8 logins (argon2id) on the wire, then SIGTERM to npm start',
    survived: `${answered}/8 answered (303)${others.length ? ` (others: ${others.join(', ')})` : ''}, exit code ${code}`,
    lost: 8 - answered + (code === 0 ? 0 : 1),
  });
  app = undefined;
}

async function main() {
  redisPort = await freePort();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  console.log(`chaos: Redis on ${redisPort}, the app on ${port} (2 web processes + worker), data in ${dataDir}`);
  await startRedis(redisPort);
  app = await startApp(port);
  const db = database();
  let acme: Session;
  let lena: Session;
  try {
    acme = await logIn('acme', db);
    lena = await logIn('lena.trails', db);
    console.log('1. Redis outage under load');
    await redisOutage(acme, lena, db);
    console.log('2. worker killed mid-job');
    await workerKills(acme, db, app.process.pid!);
  } finally {
    await db.destroy();
  }
  console.log('3. the app killed mid-write');
  await crashMidWrite(acme, lena, port);
  console.log('4. graceful shutdown');
  await gracefulStop();

  console.log('\n| fault | what was done | what survived | lost |\n|---|---|---|---:|');
  for (const r of report) console.log(`| ${r.fault} | ${r.did} | ${r.survived} | ${r.lost} |`);
  const lost = report.reduce((sum, r) => sum + r.lost, 0);
  console.log(`\n${report.length} faults injected; data lost: ${lost}`);
  if (lost > 0) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    if (app?.process.pid) {
      const { web, worker } = processesOf(app.process.pid);
      for (const pid of [app.process.pid, ...web, ...worker]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
    }
    killRedis();
    rmSync(dataDir, { recursive: true, force: true });
  });
