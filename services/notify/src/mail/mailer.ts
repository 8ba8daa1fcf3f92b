import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

/** One email as notify sends it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Where mail goes, for the start log: `SMTP smtp://host:port` or `files in ./data/mail`. */
  readonly description: string;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Mail through SMTP (`SMTP_URL`, nodemailer), or, with no SMTP configured, written as `.eml` files
 * under `mailDir`, so that no mail leaves a development machine by accident.
 */
export function createMailer(options: { smtpUrl?: string | undefined; mailDir: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    const url = new URL(options.smtpUrl);
    return {
      description: `SMTP ${url.protocol}//${url.host}`,
      async send(mail) {
        await transport.sendMail({ from: options.from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const dir = resolve(options.mailDir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let n = 0;
  return {
    description: `.eml files in ${dir} (no SMTP_URL)`,
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${++n}.eml`;
      writeFileSync(join(dir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
