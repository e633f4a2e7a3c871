// The daily reminder: one email (and a Google Chat post when configured) to an influencer with
// what waits for them. Sent once per influencer per day, however often its job runs.
import type { Config } from '../config';
import { formatMoney } from '../format';
import type { Logger } from '../logger';
import { escapeHtml, type Mailer } from '../mail';
import type { Services } from '../services';
import type { ReminderContent } from '../services/reminders';


export function reminderText(config: Pick<Config, 'publicUrl'>, c: ReminderContent): { subject: string; text: string; html: string } {
  const lines: string[] = [];
  const html: string[] = [];
  for (const o of c.pendingOffers) {
    const link = `${config.publicUrl}/inbox/${o.sponsorId}`;
    lines.push(`- Offer from ${o.sponsorUsername}: ${formatMoney(o.budgetCents)} for “${o.campaignTitle}”: ${link}`);
    html.push(`<li>Offer from ${escapeHtml(o.sponsorUsername)}: ${formatMoney(o.budgetCents)} for “${escapeHtml(o.campaignTitle)}” – <a href="${link}">answer it</a></li>`);
  }
  for (const u of c.unseen) {
    const link = `${config.publicUrl}/inbox/${u.sponsorId}`;
    lines.push(`- ${u.count} unread message${u.count === 1 ? '' : 's'} from ${u.sponsorUsername}: ${link}`);
    html.push(`<li>${u.count} unread message${u.count === 1 ? '' : 's'} from ${escapeHtml(u.sponsorUsername)} – <a href="${link}">read</a></li>`);
  }
  const intro = lines.length ? 'Here is what is waiting for you:' : `You have not visited today: new campaigns may be waiting at ${config.publicUrl}/influencer/campaigns`;
  return {
    subject: lines.length ? `${lines.length} thing${lines.length === 1 ? '' : 's'} waiting for you on Influence Market` : 'New campaigns may be waiting for you',
    text: `Hello ${c.username},\n\n${intro}\n${lines.join('\n')}\n\nInfluence Market`,
    html: `<p>Hello ${escapeHtml(c.username)},</p><p>${escapeHtml(intro)}</p>${html.length ? `<ul>${html.join('')}</ul>` : ''}<p>Influence Market</p>`,
  };
}

export async function processReminder(config: Config, services: Services, mailer: Mailer, log: Logger, influencerId: number, day: string): Promise<string> {
  const content = await services.reminders.content(influencerId, day);
  if (!content) return 'gone';
  if (!(await services.reminders.claimSend(influencerId, day))) return 'already-sent';
  try {
    const message = reminderText(config, content);
    await mailer.send({ to: content.email, ...message });
    if (config.gchatWebhookUrl) {
      const res = await fetch(config.gchatWebhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ text: `${content.username}: ${message.subject}` }),
      });
      if (!res.ok) log.warn(`Google Chat webhook answered ${res.status} for the reminder of ${content.username}`);
    }
    return 'sent';
  } catch (err) {
    await services.reminders.releaseSend(influencerId, day);
    throw err;
  }
}

/**
 * Once the reminder hour has come on a day, plans that day's reminders: the first worker to claim
 * the day records one job per influencer; the others find it claimed.
 */
export async function scheduleReminders(config: Config, services: Services, at = new Date()): Promise<number | null> {
  if (at.getUTCHours() < config.reminderHour) return null;
  const day = at.toISOString().slice(0, 10);
  if (!(await services.reminders.claimRun('reminders', day))) return null;
  return services.reminders.plan(day);
}
