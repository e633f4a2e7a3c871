// Emails are rendered from views/emails: `<name>.html.eta` (escaped, inside emails/layout.eta) and
// `<name>.text.eta` (the plain-text part, written as it is read: no escaping, newlines kept).
import path from 'node:path';
import { Eta } from 'eta';
import { rootDir } from '../config';
import { formatDate, formatMoney } from '../format';

export interface Email {
  subject: string;
  text: string;
  html: string;
}

const emailsDir = path.join(rootDir, 'views', 'emails');
const html = new Eta({ views: emailsDir, autoEscape: true, autoTrim: [false, 'nl'] });
const text = new Eta({ views: emailsDir, autoEscape: false, autoTrim: false });
const fmt = { money: formatMoney, date: formatDate };

export type EmailName = 'reminder' | 'monthly-report' | 'export-ready' | 'collaboration-event' | 'password-reset';

export function renderEmail(name: EmailName, subject: string, data: object): Email {
  const it = { ...data, fmt };
  return { subject, text: text.render(`./${name}.text.eta`, it), html: html.render(`./${name}.html.eta`, it) };
}
