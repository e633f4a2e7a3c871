// Every setting of the app, read from the environment in one place with a safe default.
// Nothing else in src/ reads process.env: the rest of the code receives a Config.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** The site's address as people reach it, for links in emails. */
  publicUrl: string;
  /** Folder for the embedded database, the generated JWT secret and local mail. */
  dataDir: string;
  /** `sqlite:<file>` (the embedded default) or `postgres://…`. */
  databaseUrl: string;
  /** SQLite's page cache and memory map per connection, in MB (SQLITE_CACHE_MB, SQLITE_MMAP_MB). */
  sqlite: { cacheMb: number; mmapMb: number };
  redisUrl: string;
  jwtSecret: string;
  /** How long a login lasts, in seconds. */
  sessionTtlSeconds: number;
  smtpUrl: string | null;
  mailDir: string;
  gchatWebhookUrl: string | null;
  /** Hour of the day (UTC, 0–23) when the daily reminders go out. */
  reminderHour: number;
  /** Load the demo data set on a first start with an empty database. */
  demoData: boolean;
  /**
   * Express `trust proxy`: which proxies in front of the app to believe about the client's address
   * and protocol. `false` (none), a number of hops, or a list of addresses/subnets; never "any".
   */
  trustProxy: false | number | string[];
  logLevel: LogLevel;
  /** Password for `npm run create-admin` when not typed at the prompt. */
  adminPassword: string | null;
  /** Key prefix of the job queues in Redis (tests use their own). */
  queuePrefix: string;
  /**
   * Where this site's keys live in Redis (cache, live events, queues): QUEUE_PREFIX and a key of the
   * database, so two sites (or a test run) on one Redis never read each other's cached pages or
   * take each other's jobs, while every process of one site (one database) shares them.
   */
  redisPrefix: string;
  /** Failed password attempts allowed in 15 minutes from one address, and for one account. */
  loginAttemptsPerAddress: number;
  loginFailuresPerAccount: number;
  /** Sign-ups allowed from one address per hour. */
  signupsPerAddress: number;
  /** argon2id's cost for new password hashes (PASSWORD_HASH_MEMORY_KIB, _PASSES, _LANES). */
  passwordHashing: { memoryCost: number; timeCost: number; parallelism: number };
  /** Web processes `npm start` runs (node cluster); 1 runs the app in the main process. */
  webConcurrency: number;
  /** Live pages (server-sent event streams) one account may hold open in one web process; more poll instead. */
  liveStreamsPerAccount: number;
  /** Live streams one web process holds at most; beyond them pages poll. */
  liveStreamsPerProcess: number;
  /** Seconds between the comment lines that keep an idle stream open through proxies. */
  liveHeartbeatSeconds: number;
  /** Seconds a job sent to Redis may go unfinished before the worker sends it again (Redis may have lost it). */
  outboxResendSeconds: number;
  /** How many times the benchmark data set's counts (`--scale N` of seed:bench and bench sets BENCH_SCALE). */
  benchScale: number;
  /** Where `npm run seed:bench` builds the benchmark data set and `npm run bench` reads it (one file per scale). */
  benchDatabaseUrl: string;
}

export type Env = Record<string, string | undefined>;

/** The project's root folder (where package.json lives). */
export const rootDir = path.resolve(__dirname, '..');

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/**
 * TRUST_PROXY: `false`/`0` trusts no proxy; `true` means the one proxy in front of the app (the
 * client's address is the last one that proxy appended to X-Forwarded-For, so a forged header
 * cannot choose it); a number N trusts N hops; anything else is a comma-separated list of
 * addresses, subnets or Express's names (`loopback`, `uniquelocal`) whose X-Forwarded-For is believed.
 */
function trustProxy(value: string | undefined): false | number | string[] {
  const v = nonEmpty(value)?.toLowerCase();
  if (!v || ['0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return 1;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((part) => part.trim()).filter(Boolean);
}

/**
 * A short name of the database a URL reaches: the SQLite file's absolute path, or PostgreSQL's
 * host, port and database (user and password left out, localhost spelled one way).
 */
export function databaseKey(databaseUrl: string): string {
  let identity: string;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const url = new URL(databaseUrl);
    const host = ['localhost', '127.0.0.1', '[::1]', ''].includes(url.hostname) ? 'localhost' : url.hostname.toLowerCase();
    identity = `pg:${host}:${url.port || '5432'}${url.pathname || '/'}`;
  } else {
    identity = `sqlite:${path.resolve(rootDir, databaseUrl.replace(/^sqlite:(\/\/)?/, ''))}`;
  }
  return createHash('sha256').update(identity).digest('hex').slice(0, 10);
}

function nonEmpty(value: string | undefined): string | null {
  return value && value.trim() !== '' ? value.trim() : null;
}

/**
 * The JWT secret: JWT_SECRET when set, otherwise one generated on first use and kept in
 * `<dataDir>/jwt-secret`, so that restarts keep people logged in and no secret lives in code.
 */
function jwtSecret(env: Env, dataDir: string): string {
  const given = nonEmpty(env.JWT_SECRET);
  if (given) {
    if (given.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long');
    return given;
  }
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  // Production unless told otherwise: `npm run dev` sets development (templates reload on change).
  const nodeEnv = env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'production';
  const dataDir = path.resolve(rootDir, nonEmpty(env.DATA_DIR) ?? 'data');
  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!['silent', 'error', 'warn', 'info'].includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be silent, error, warn or info, got "${logLevel}"`);
  }
  const databaseUrl = nonEmpty(env.DATABASE_URL) ?? `sqlite:${path.join(dataDir, 'app.db')}`;
  const queuePrefix = nonEmpty(env.QUEUE_PREFIX) ?? 'im';
  const benchScale = Math.max(1, int('BENCH_SCALE', env.BENCH_SCALE, 1));
  return {
    env: nodeEnv,
    port: int('PORT', env.PORT, 3000),
    publicUrl: (nonEmpty(env.PUBLIC_URL) ?? `http://localhost:${int('PORT', env.PORT, 3000)}`).replace(/\/+$/, ''),
    dataDir,
    databaseUrl,
    sqlite: { cacheMb: Math.max(2, int('SQLITE_CACHE_MB', env.SQLITE_CACHE_MB, 64)), mmapMb: int('SQLITE_MMAP_MB', env.SQLITE_MMAP_MB, 1024) },
    redisUrl: nonEmpty(env.REDIS_URL) ?? 'redis://127.0.0.1:6379',
    jwtSecret: jwtSecret(env, dataDir),
    sessionTtlSeconds: int('SESSION_TTL_SECONDS', env.SESSION_TTL_SECONDS, 7 * 24 * 3600),
    smtpUrl: nonEmpty(env.SMTP_URL),
    mailDir: path.resolve(rootDir, nonEmpty(env.MAIL_DIR) ?? path.join(dataDir, 'mail')),
    gchatWebhookUrl: nonEmpty(env.GCHAT_WEBHOOK_URL),
    reminderHour: Math.min(23, int('REMINDER_HOUR', env.REMINDER_HOUR, 18)),
    demoData: bool(env.DEMO_DATA, true),
    trustProxy: trustProxy(env.TRUST_PROXY),
    logLevel,
    adminPassword: nonEmpty(env.ADMIN_PASSWORD),
    queuePrefix,
    redisPrefix: `${queuePrefix}:${databaseKey(databaseUrl)}`,
    loginAttemptsPerAddress: Math.max(1, int('LOGIN_ATTEMPTS_PER_ADDRESS', env.LOGIN_ATTEMPTS_PER_ADDRESS, 30)),
    loginFailuresPerAccount: Math.max(1, int('LOGIN_FAILURES_PER_ACCOUNT', env.LOGIN_FAILURES_PER_ACCOUNT, 10)),
    signupsPerAddress: Math.max(1, int('SIGNUPS_PER_ADDRESS', env.SIGNUPS_PER_ADDRESS, 20)),
    // argon2id's cost (the library's defaults: 64 MiB, 3 passes, 4 lanes). Only tests lower it.
    passwordHashing: {
      memoryCost: Math.max(64, int('PASSWORD_HASH_MEMORY_KIB', env.PASSWORD_HASH_MEMORY_KIB, 65536)),
      timeCost: Math.max(1, int('PASSWORD_HASH_PASSES', env.PASSWORD_HASH_PASSES, 3)),
      parallelism: Math.max(1, int('PASSWORD_HASH_LANES', env.PASSWORD_HASH_LANES, 4)),
    },
    webConcurrency: Math.max(1, int('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1)),
    liveStreamsPerAccount: int('LIVE_STREAMS_PER_ACCOUNT', env.LIVE_STREAMS_PER_ACCOUNT, 10),
    liveStreamsPerProcess: int('LIVE_STREAMS_PER_PROCESS', env.LIVE_STREAMS_PER_PROCESS, 2000),
    liveHeartbeatSeconds: Math.max(1, int('LIVE_HEARTBEAT_SECONDS', env.LIVE_HEARTBEAT_SECONDS, 25)),
    outboxResendSeconds: Math.max(1, int('OUTBOX_RESEND_SECONDS', env.OUTBOX_RESEND_SECONDS, 60)),
    benchScale,
    benchDatabaseUrl: nonEmpty(env.BENCH_DATABASE_URL) ?? `sqlite:${path.join(dataDir, benchScale === 1 ? 'bench.db' : `bench-x${benchScale}.db`)}`,
  };
}
