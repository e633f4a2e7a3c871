// Runs every tests/**/*.test.ts (or the files given) with Node's test runner, TypeScript via tsx,
// TEST_CONCURRENCY files at a time (default 3: most wait on Redis, a database or a browser):
// on SQLite, then, when TEST_POSTGRES_URL names a PostgreSQL server, again on PostgreSQL for the
// files whose SQL differs there (each test app gets a database of its own, dropped when it closes).
// Browser journeys (tests/e2e) and whole processes (tests/cli) run on SQLite only: what they add
// over the route tests is the browser and the process, not SQL.
// TEST_TIMES=path writes each top-level test's time to path.sqlite / path.postgres (sort -rn them).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'support' ? [] : find(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const SQLITE_ONLY = [`tests${path.sep}e2e${path.sep}`, `tests${path.sep}cli${path.sep}`];
const files = process.argv.length > 2 ? process.argv.slice(2) : find('tests').sort();
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY) || 3);
const passes = [{ database: 'sqlite', files }];
if (process.env.TEST_POSTGRES_URL) {
  passes.push({ database: 'postgres', files: files.filter((f) => !SQLITE_ONLY.some((dir) => path.normalize(f).includes(dir))) });
}
let failed = false;
for (const { database, files: run } of passes) {
  if (run.length === 0) continue;
  console.log(`\n# tests on ${database === 'sqlite' ? 'SQLite' : `PostgreSQL (${process.env.TEST_POSTGRES_URL})`}: ${run.length} files, ${concurrency} at a time`);
  const times = process.env.TEST_TIMES ? ['--test-reporter=./tests/support/file-times.mjs', `--test-reporter-destination=${process.env.TEST_TIMES}.${database}`] : [];
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-force-exit', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', ...times, ...run],
    // Processes the tests start (npm start, create-admin) hash cheaply too, as tests/support/app.ts does.
    { stdio: 'inherit', env: { PASSWORD_HASH_MEMORY_KIB: '64', PASSWORD_HASH_PASSES: '1', PASSWORD_HASH_LANES: '1', ...process.env, TEST_DB: database } },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
