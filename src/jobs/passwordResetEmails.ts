// A password reset's email: the link is made here (only its hash is stored), so a retried job sends
// a fresh link and the earlier one stops working.
import type { Config } from '../config';
import { formatTime } from '../format';
import type { ResetMail } from '../services/passwordResets';
import { type Email, renderEmail } from './emails';
import type { JobDeps } from './registry';

export function passwordResetEmail(config: Pick<Config, 'publicUrl'>, m: ResetMail): Email {
  return renderEmail('password-reset', 'Choose a new password for Influence Market', {
    username: m.to.username,
    link: `${config.publicUrl}/password/reset/${m.token}`,
    until: formatTime(m.expiresAt),
  });
}

export async function processPasswordReset({ config, services, mailer }: JobDeps, resetId: number): Promise<string> {
  const mail = await services.passwordResets.issueToken(resetId);
  // Sent already, used, expired, or the account is gone or suspended.
  if (!mail) return 'gone';
  await mailer.send({ to: mail.to.email, ...passwordResetEmail(config, mail) });
  await services.passwordResets.markSent(resetId);
  return 'sent';
}
