// The daily reminder: one email (and a Google Chat post when configured) to an influencer with
// what waits for them. Sent once per influencer per day, however often its job runs.
import type { Config } from '../config';
import type { Services } from '../services';
import type { ReminderContent } from '../services/reminders';
import { type Email, renderEmail } from './emails';
import type { JobDeps } from './registry';

export function reminderEmail(config: Pick<Config, 'publicUrl'>, c: ReminderContent): Email {
  const waiting = c.pendingOffers.length + c.unseen.length + c.deliverables.length;
  const subject = waiting ? `${waiting} thing${waiting === 1 ? '' : 's'} waiting for you on Influence Market` : 'New campaigns may be waiting for you';
  return renderEmail('reminder', subject, { ...c, publicUrl: config.publicUrl });
}

export async function processReminder({ config, services, mailer, log }: JobDeps, influencerId: number, day: string): Promise<string> {
  const content = await services.reminders.content(influencerId, day);
  if (!content) return 'gone';
  return services.claims.sendOnce('reminder', influencerId, day, async () => {
    const email = reminderEmail(config, content);
    await mailer.send({ to: content.email, ...email });
    if (config.gchatWebhookUrl) {
      const res = await fetch(config.gchatWebhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ text: `${content.username}: ${email.subject}` }),
      });
      if (!res.ok) log.warn(`Google Chat webhook answered ${res.status} for the reminder of ${content.username}`);
    }
  });
}

/**
 * Once the reminder hour has come on a day, plans that day's reminders: the first worker to claim
 * the day records one job per influencer; the others find it claimed.
 */
export async function scheduleReminders(config: Pick<Config, 'reminderHour'>, services: Services, at = new Date()): Promise<number | null> {
  if (at.getUTCHours() < config.reminderHour) return null;
  const day = at.toISOString().slice(0, 10);
  return services.claims.planOnce('reminders', day, () => services.reminders.plan(day));
}
