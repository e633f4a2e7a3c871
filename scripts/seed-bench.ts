// `npm run seed:bench [-- --scale N]`: builds the benchmark data set (scripts/bench-data.ts), N times
// its counts, into a database of its own, BENCH_DATABASE_URL (default: data/bench.db, or
// data/bench-xN.db), replacing what it held.
import { rmSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { createDb, isPostgresUrl, migrateLatest } from '../src/db';
import { BENCH_PASSWORD, buildBenchData, scaleOption } from './bench-data';

async function main() {
  const scale = scaleOption();
  const url = loadConfig().benchDatabaseUrl;
  const started = Date.now();
  if (!isPostgresUrl(url)) {
    // A new file is faster to fill than an old one is to empty.
    const file = url.replace(/^sqlite:(\/\/)?/, '');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  // A page cache as large as the indexes being built (the default 64 MB thrashes at ten times the
  // data: random inserts into every index then miss it nearly every time).
  const db = createDb(url, { cacheMb: 512 * scale, mmapMb: 0 });
  try {
    await migrateLatest(db);
    const counts = await buildBenchData(db, scale);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Bench data set (×${scale}) built in ${seconds} s into ${url}:`);
    for (const [name, n] of Object.entries(counts)) console.log(`  ${name.padEnd(14)} ${n.toLocaleString('en')}`);
    console.log(`Logins (password "${BENCH_PASSWORD}"): admin, sponsor1 (the busiest inbox), influencer1, user1`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error('Building the bench data set failed:', err);
  process.exit(1);
});
