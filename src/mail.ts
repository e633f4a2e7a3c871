// Email: SMTP through nodemailer when SMTP_URL is set; otherwise each message is written as an
// .eml file in MAIL_DIR (the embedded default), so nothing is lost and a person can open it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from './config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer | string; contentType?: string }[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export const MAIL_FROM = 'Influence Market <no-reply@influence-market.local>';

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailDir'>): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: MAIL_FROM, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: MAIL_FROM, ...mail });
      mkdirSync(config.mailDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      writeFileSync(path.join(config.mailDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
