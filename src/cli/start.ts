// `npm start`: migrate the database, load the demo data on a first run, start the web process.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config';
import { createContext } from '../context';
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

  const server = await startServer(ctx);
  const worker = superviseWorker(ctx.log);
  shutdownOnSignals(ctx, server, { beforeExit: worker.stop });
  const database = isPostgresUrl(config.databaseUrl) ? 'PostgreSQL' : `SQLite (${config.databaseUrl.replace(/^sqlite:/, '')})`;
  const mail = config.smtpUrl ? 'SMTP' : `.eml files in ${config.mailDir} (SMTP_URL not set)`;
  // Give Redis a moment to connect before saying how it is.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const redis = (await redisState(ctx.redis)) === 'up' ? config.redisUrl : `not reachable at ${config.redisUrl}: pages are served from the database, background work waits in the database`;
  console.log(`Influence Market is running at http://localhost:${config.port}`);
  console.log(`  database: ${database}\n  redis:    ${redis}\n  mail:     ${mail}`);
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

main().catch((err: unknown) => {
  console.error('Could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
