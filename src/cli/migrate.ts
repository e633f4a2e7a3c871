// `npm run migrate`: bring the database to the latest schema.
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db';

async function main() {
  const db = createDb(loadConfig().databaseUrl);
  try {
    const applied = await migrateLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error('Migration failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
