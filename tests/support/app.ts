// Test harness: a real app on a fresh database per test app (SQLite file, or with TEST_DB=postgres
// a fresh PostgreSQL database on TEST_POSTGRES_URL's server), and helpers to act as a user.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { LoginLimitOptions } from '../../src/auth/rateLimit';
import { type Env, loadConfig } from '../../src/config';
import { type AppContext, closeContext, createContext } from '../../src/context';
import { startWorker, type Worker } from '../../src/jobs/worker';
import { createDb, migrateLatest } from '../../src/db';

export const PASSWORD = 'correct horse battery';

/** argon2id at its smallest: the suite signs up and logs in hundreds of times. */
export const CHEAP_HASHING = { PASSWORD_HASH_MEMORY_KIB: '64', PASSWORD_HASH_PASSES: '1', PASSWORD_HASH_LANES: '1' } as const;

export interface TestApp {
  ctx: AppContext;
  app: Express;
  dir: string;
  /** The database this app uses; another app given it (`{ database }`) shares it. */
  databaseUrl: string;
  /** The settings it was made with (a second process given them shares its database and Redis keys). */
  env: Env;
  /** Drops the database (PostgreSQL); whoever closes last calls it. */
  dropDatabase(): Promise<void>;
  close(): Promise<void>;
}

/** True when this test run is the PostgreSQL pass (`node tests/run.mjs` sets it). */
export const onPostgres = process.env.TEST_DB === 'postgres';

/** A new, empty database for one test app: a SQLite file in `dir`, or a PostgreSQL database. */
async function freshDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!onPostgres) return { url: `sqlite:${path.join(dir, 'test.db')}`, drop: async () => {} };
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('TEST_DB=postgres needs TEST_POSTGRES_URL');
  const name = `im_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = createDb(server);
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const db = createDb(server);
      try {
        await db.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await db.destroy();
      }
    },
  };
}

export async function createTestApp(
  env: Env = {},
  options: { loginLimits?: LoginLimitOptions; database?: TestApp } = {},
): Promise<TestApp> {
  const dir = options.database?.dir ?? mkdtempSync(path.join(tmpdir(), 'influence-test-'));
  const database = options.database
    ? { url: options.database.databaseUrl, drop: options.database.dropDatabase }
    : await freshDatabase(dir);
  const settings: Env = {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: database.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    DEMO_DATA: 'false',
    MAIL_DIR: path.join(dir, 'mail'),
    // Every test app has queues of its own in the shared Redis.
    QUEUE_PREFIX: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    // Cheap hashes (tests/routes/password-hashing.test.ts keeps the real cost covered).
    ...CHEAP_HASHING,
    ...env,
  };
  const config = loadConfig(settings);
  const ctx = createContext(config, { loginLimits: options.loginLimits ?? { perAddress: 1000, signups: 100_000 } });
  await migrateLatest(ctx.db);
  return {
    ctx,
    app: createApp(ctx),
    dir,
    databaseUrl: database.url,
    env: settings,
    dropDatabase: database.drop,
    async close() {
      await closeContext(ctx);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers hooks that give this test file a fresh app: created before its tests, closed after. */
export function withTestApp(env: Env = {}): { t: TestApp } {
  const state = {} as { t: TestApp };
  before(async () => {
    state.t = await createTestApp(env);
  });
  after(() => state.t?.close());
  return state;
}

/** As {@link withTestApp}, with a background worker beside it (relaying the outbox every 200 ms, no scheduling). */
export function withWorkerApp(env: Env = {}): { t: TestApp } {
  const state = {} as { t: TestApp; worker: Worker };
  before(async () => {
    state.t = await createTestApp(env);
    state.worker = startWorker(state.t.ctx, { relayIntervalMs: 200, scheduling: false });
  });
  after(async () => {
    await state.worker?.close();
    await state.t?.close();
  });
  return state;
}

export type Agent = ReturnType<typeof request.agent>;

/** What a GET answered: its status, where it redirects, its body. */
export interface Answer {
  status: number;
  location: string | undefined;
  text: string;
}

/** A second web process on `t`'s database and Redis keys (tests/support/second-web.ts), as another machine would run it. */
export async function secondProcess(t: TestApp): Promise<{ get(url: string, session?: string): Promise<Answer>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'second-web.ts')], {
    env: { ...process.env, ...t.env, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the second web process exited (${code}) before listening`)));
  });
  return {
    async get(url, session) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`, { redirect: 'manual', headers: session ? { cookie: `session=${session}` } : {} });
      return { status: res.status, location: res.headers.get('location') ?? undefined, text: await res.text() };
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}

let counter = 0;
/** A username no other test in this file uses. */
export function uniqueName(prefix = 'person'): string {
  counter += 1;
  return `${prefix}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

/** The CSRF token a page hands this agent (the agent keeps the matching cookie). */
export async function csrfToken(agent: Agent): Promise<string> {
  const res = await agent.get('/login').redirects(1);
  const match = /<meta name="csrf-token" content="([^"]+)"/.exec(res.text);
  if (!match?.[1]) throw new Error('no csrf token on /login');
  return match[1];
}

export function signupFields(role: 'sponsor' | 'influencer' | 'user', overrides: Record<string, string> = {}) {
  const username = overrides.username ?? uniqueName(role);
  return {
    role,
    username,
    email: `${username}@example.com`,
    phone: '+44 7700 900123',
    password: PASSWORD,
    ...(role === 'sponsor' ? { industry: 'Outdoor gear' } : {}),
    ...(role === 'influencer' ? { category: 'Travel', niche: 'hiking' } : {}),
    ...overrides,
  };
}

/** Signs up through the form, as a browser would. */
export async function signUp(agent: Agent, role: 'sponsor' | 'influencer' | 'user', overrides: Record<string, string> = {}) {
  const fields = signupFields(role, overrides);
  const token = await csrfToken(agent);
  const res = await agent
    .post('/signup')
    .type('form')
    .send({ ...fields, _csrf: token });
  return { res, username: fields.username.toLowerCase(), fields };
}

/** A new account signed up through the form: its agent, name, id and session token (the cookie's value). */
export async function signedUp(t: TestApp, role: 'sponsor' | 'influencer' | 'user') {
  const agent = browser(t);
  const { res, username } = await signUp(agent, role);
  const { id } = await t.ctx.db('users').where({ username }).first('id');
  return { agent, username, id: id as number, token: cookieFrom(res, 'session')! };
}

export async function logIn(agent: Agent, username: string, password = PASSWORD) {
  const token = await csrfToken(agent);
  return agent.post('/login').type('form').send({ username, password, _csrf: token });
}

/** A fresh agent (browser) for `app`. */
export function browser(t: TestApp): Agent {
  return request.agent(t.app);
}

/** The value of cookie `name` in a response's Set-Cookie headers. */
export function cookieFrom(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = raw?.find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}
