import { createDb, migrateLatest, runSeeds } from './src/db';
import { insightsService } from './src/services/insights';
for (const url of ['sqlite:/tmp/imdemo-c/app.db', 'postgres://postgres@127.0.0.1:5432/imbench_tr']) {
  if (url.startsWith('postgres')) {
    const admin = createDb('postgres://postgres@127.0.0.1:5432/test');
    await admin.raw('drop database if exists imbench_tr'); await admin.raw('create database imbench_tr'); await admin.destroy();
  }
  const db = createDb(url);
  if (url.startsWith('postgres')) { await migrateLatest(db); await runSeeds(db); }
  const t = await insightsService(db).all();
  console.log(url, JSON.stringify(t.trends).slice(0, 700));
  await db.destroy();
}
