// A collaboration event's email: the sponsor hears when something is submitted for review, the
// influencer when changes are requested or a dispute is resolved. Sent once per event.
import type { Config } from '../config';
import type { EventMail } from '../services/collaborations';
import { type Email, renderEmail } from './emails';
import type { JobDeps } from './registry';

const SUBJECTS: Record<string, (m: EventMail) => string> = {
  submitted: (m) => `${m.actorUsername ?? 'Your influencer'} submitted work for review on “${m.campaignTitle}”`,
  changes_requested: (m) => `${m.actorUsername ?? 'The sponsor'} asked for changes on “${m.campaignTitle}”`,
  dispute_resolved: (m) => `The admin resolved the dispute on “${m.campaignTitle}”`,
};

export function collaborationEmail(config: Pick<Config, 'publicUrl'>, m: EventMail): Email {
  const subject = (SUBJECTS[m.kind] ?? ((x: EventMail) => `News on “${x.campaignTitle}”`))(m);
  return renderEmail('collaboration-event', subject, { ...m, publicUrl: config.publicUrl });
}

export async function processCollaborationEmail({ config, services, mailer }: JobDeps, eventId: number): Promise<string> {
  const mail = await services.collaborations.eventMail(eventId);
  // Gone (the collaboration was deleted) or the account can no longer sign in: nothing to send.
  if (!mail || mail.to.status === 'suspended') return 'gone';
  return services.claims.sendOnce('collaboration', mail.to.id, String(eventId), async () => {
    await mailer.send({ to: mail.to.email, ...collaborationEmail(config, mail) });
  });
}
