// `npm run seed`: migrate, then replace the data with the demo data set.
import { loadConfig } from '../config';
import { createDb, migrateLatest, runSeeds } from '../db';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../seeds/01_demo';

async function main() {
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateLatest(db);
    await runSeeds(db);
    console.log(`Demo data loaded. Logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => l.username).join(', ')}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error('Seeding failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
