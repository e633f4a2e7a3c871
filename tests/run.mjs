// Runs every tests/**/*.test.ts (or the files given) with Node's test runner, TypeScript via tsx:
// on SQLite, then, when TEST_POSTGRES_URL names a PostgreSQL server, again on PostgreSQL
// (each test app gets a database of its own there, dropped when it closes).
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

const files = process.argv.length > 2 ? process.argv.slice(2) : find('tests').sort();
const databases = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
let failed = false;
for (const database of databases) {
  console.log(`\n# tests on ${database === 'sqlite' ? 'SQLite' : `PostgreSQL (${process.env.TEST_POSTGRES_URL})`}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: database },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
