import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from './logger';

export interface OutgoingMail {
  to: { email: string; name: string };
  subject: string;
  text: string;
  /** Lets a reader (or a test) tie a message to the notification it came from. */
  notificationId: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'mailbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  from: string;
  smtpUrl?: string;
  mailboxDir?: string;
  log: Logger;
}

/**
 * SMTP when SMTP_URL is set; otherwise every message is rendered exactly as it would be sent and written
 * to YUI_MAILBOX_DIR as `<timestamp>-<to>.eml`, which any mail client opens.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const message = (m: OutgoingMail) => ({
    from: opts.from,
    to: { name: m.to.name, address: m.to.email },
    subject: m.subject,
    text: m.text,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Yui-Notification': m.notificationId },
  });

  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      kind: 'smtp',
      async send(m) {
        await transport.sendMail(message(m));
      },
      close: () => transport.close(),
    };
  }

  const dir = opts.mailboxDir;
  if (!dir) throw new Error('mail: set SMTP_URL or YUI_MAILBOX_DIR');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'mailbox',
    async send(m) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const info = await transport.sendMail(message(m));
      // The stream transport writes headers with CRLF but leaves the body's newlines as given (its
      // `newline` option is not applied to a buffered message); an .eml file should be CRLF
      // throughout. The message is 7-bit by now (encoded words, quoted-printable or base64).
      const eml = Buffer.from((info.message as Buffer).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      const safeTo = m.to.email.replace(/[^A-Za-z0-9@._+-]/g, '_');
      const stamp = Date.now();
      // Two mails to one person in the same millisecond must not overwrite each other.
      for (let n = 0; ; n++) {
        const file = path.join(dir, `${stamp}-${safeTo}${n ? `-${n}` : ''}.eml`);
        try {
          await writeFile(file, eml, { flag: 'wx' });
          opts.log.debug({ file }, 'mail written to mailbox');
          return;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
    },
    close: () => transport.close(),
  };
}
