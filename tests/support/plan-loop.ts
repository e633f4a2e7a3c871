// A stand-in worker for tests: another process on the same database that plans the monthly
// reports and the daily reminders for every account, again and again (a new period each time),
// for `ms` milliseconds. Prints how many plans it made.
import { createDb } from '../../src/db';
import { createStore } from '../../src/changes';
import { createServices } from '../../src/services';

async function main() {
  const [url, ms] = [process.argv[2]!, Number(process.argv[3])];
  const db = createDb(url);
  const services = createServices(createStore(db));
  const end = Date.now() + ms;
  let plans = 0;
  for (let n = 0; Date.now() < end; n++) {
    const day = new Date(Date.UTC(2001, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    await services.reports.plan(day.slice(0, 7) + `-${n}`);
    await services.reminders.plan(day);
    plans += 2;
  }
  await db.destroy();
  console.log(plans);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
