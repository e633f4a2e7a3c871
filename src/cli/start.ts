// `npm start`: migrate the database, load the demo data on a first run, start the web process
// (or WEB_CONCURRENCY of them, as a node cluster sharing the port) and a supervised worker.
import { type ChildProcess, fork } from 'node:child_process';
import cluster from 'node:cluster';
import path from 'node:path';
import { loadConfig } from '../config';
import { closeContext, createContext } from '../context';
import { isPostgresUrl, migrateLatest, runSeeds } from '../db';
import { redisState } from '../redis';
import { shutdownOnSignals, startServer } from '../server';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../seeds/01_demo';

async function main() {
  const config = loadConfig();
  const ctx = createContext(config);
  const applied = await migrateLatest(ctx.db);
  if (applied.length > 0) ctx.log.info(`Database migrated: ${applied.join(', ')}`);

  if (config.demoData && (await ctx.services.users.count()) === 0) {
    await runSeeds(ctx.db);
    console.log('\nLoaded the demo data (set DEMO_DATA=false to start empty). Demo logins:');
    for (const login of DEMO_LOGINS) {
      const note = 'note' in login ? ` (${login.note})` : '';
      console.log(`  ${login.role.padEnd(10)} ${login.username.padEnd(12)} password: ${DEMO_PASSWORD}${note}`);
    }
    console.log('  Every demo account uses the same password. Create a real admin with `npm run create-admin`.\n');
  }

  // Give Redis a moment to connect before saying how it is.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const redisUp = (await redisState(ctx.redis)) === 'up';
  const worker = superviseWorker(ctx.log);
  if (config.webConcurrency > 1) {
    // The primary keeps the worker; the web processes take the requests.
    await closeContext(ctx);
    const web = superviseWebProcesses(config.webConcurrency, ctx.log);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void Promise.all([web.stop(), worker.stop()]).finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await web.listening;
  } else {
    const server = await startServer(ctx);
    shutdownOnSignals(ctx, server, { beforeExit: worker.stop });
  }
  const database = isPostgresUrl(config.databaseUrl) ? 'PostgreSQL' : `SQLite (${config.databaseUrl.replace(/^sqlite:/, '')})`;
  const mail = config.smtpUrl ? 'SMTP' : `.eml files in ${config.mailDir} (SMTP_URL not set)`;
  const redis = redisUp ? config.redisUrl : `not reachable at ${config.redisUrl}: pages are served from the database, background work waits in the database`;
  const processes = config.webConcurrency > 1 ? ` (${config.webConcurrency} web processes)` : '';
  console.log(`Influence Market is running at http://localhost:${config.port}${processes}`);
  const cookies = config.publicUrl.startsWith('https:')
    ? `Secure, __Host- prefixed (PUBLIC_URL ${config.publicUrl} is https)`
    : `Secure only on requests that arrive over TLS (PUBLIC_URL ${config.publicUrl} is not https; set it, and TRUST_PROXY behind a TLS proxy)`;
  console.log(`  database: ${database}\n  redis:    ${redis}\n  mail:     ${mail}\n  cookies:  ${cookies}`);
}

/** A web process of the cluster: its own context and server, stopped gracefully on SIGTERM. */
async function webProcess() {
  const ctx = createContext(loadConfig());
  const server = await startServer(ctx);
  shutdownOnSignals(ctx, server);
}

/** Forks `count` web processes sharing the port, replacing any that dies. */
function superviseWebProcesses(count: number, log: { warn(message: string): void }) {
  let stopping = false;
  const fork = () => cluster.fork();
  const listening = new Promise<void>((resolve) => {
    let up = 0;
    cluster.on('listening', () => {
      up += 1;
      if (up === count) resolve();
    });
  });
  cluster.on('exit', (child, code) => {
    if (stopping) return;
    log.warn(`web process ${child.process.pid} stopped (exit code ${code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  for (let i = 0; i < count; i++) fork();
  return {
    listening,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        const children = Object.values(cluster.workers ?? {});
        if (children.length === 0) return resolve();
        let left = children.length;
        for (const child of children) {
          child?.once('exit', () => (--left === 0 ? resolve() : undefined));
          child?.process.kill('SIGTERM');
        }
      }),
  };
}

/** Runs the background worker beside the web process, restarting it if it dies. */
function superviseWorker(log: { warn(message: string): void }) {
  let child: ChildProcess | null = null;
  let stopping = false;
  const start = () => {
    child = fork(path.join(__dirname, '..', 'worker.ts'), [], { stdio: 'inherit' });
    child.on('exit', (code) => {
      child = null;
      if (stopping) return;
      log.warn(`the worker stopped (exit code ${code}); starting it again in 2 s`);
      setTimeout(start, 2000).unref();
    });
  };
  start();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (!child) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

(cluster.isPrimary ? main() : webProcess()).catch((err: unknown) => {
  console.error('Could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
