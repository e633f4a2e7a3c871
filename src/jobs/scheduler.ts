// The scheduler: croner wakes each plan every minute of the hours it may run (UTC), and once at
// start. Each plan claims its period in the database (scheduler_runs), so of many workers one
// plans a day's reminders or a month's reports, and a worker started late still plans what is due.
import { Cron } from 'croner';
import type { AppContext } from '../context';
import { scheduleMonthlyReports } from './monthlyReport';
import { scheduleReminders } from './reminders';

interface Plan {
  what: string;
  /** Who gets one job each, for the log line. */
  who: string;
  pattern: string;
  /** Records the period's jobs when it is due and unclaimed; how many, or null. */
  plan(at: Date): Promise<number | null>;
}

export function startScheduler(ctx: Pick<AppContext, 'config' | 'services' | 'log'>): { stop(): void } {
  const plans: Plan[] = [
    {
      what: 'daily reminders',
      who: 'influencer',
      pattern: `* ${ctx.config.reminderHour}-23 * * *`,
      plan: (at) => scheduleReminders(ctx.config, ctx.services, at),
    },
    { what: 'monthly reports', who: 'sponsor', pattern: '* * 1 * *', plan: (at) => scheduleMonthlyReports(ctx.services, at) },
  ];
  const run = (p: Plan) =>
    p
      .plan(new Date())
      .then((n) => {
        if (n !== null) ctx.log.info(`${p.what} planned for ${n} ${p.who}${n === 1 ? '' : 's'}`);
      })
      .catch((err: unknown) => ctx.log.error(`planning the ${p.what} failed`, err));
  const jobs = plans.map((p) => {
    void run(p);
    return new Cron(p.pattern, { timezone: 'UTC', protect: true }, () => run(p));
  });
  return { stop: () => jobs.forEach((job) => job.stop()) };
}
