/**
 * Where mail goes: SMTP through nodemailer (SMTP_URL), or, without it in development and tests, `.eml` files
 * under DATA_DIR/mail that any mail client opens. Both take one message and resolve once it is handed over.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  /** `<id.kind@domain>`: the same on every attempt, so a resend is recognisable as the same message. */
  messageId: string;
  /** When the mail was written (not sent), also the same on every attempt. */
  date: Date;
  /** The outbox dedupe key, for file names. */
  key: string;
}

export interface MailTransport {
  /** Where mail goes, for logs: `smtp://host:587` or a directory. Never credentials. */
  readonly description: string;
  /** Resolves when the message was accepted; `location` names a file when there is one. */
  send(message: MailMessage, signal: AbortSignal): Promise<{ location?: string }>;
  close(): void;
}

/** Bounds on one SMTP conversation, well inside the sender's lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/** `smtp://user:pass@host:587` -> `smtp://host:587`: the address without credentials or options, for logs. */
export function describeSmtpUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * SMTP per SMTP_URL: `smtps://` is TLS from the start (port 465); `smtp://` upgrades with STARTTLS when the server
 * offers it. One connection per message: a shop sends a few mails an hour, and a fresh connection has no stale state
 * after an outage. The message never reads files or URLs (nothing in it should).
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    ...SMTP_TIMEOUTS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    description: describeSmtpUrl(url),
    async send(message, signal) {
      await transporter.sendMail({ ...composed(message), signal });
      return {};
    },
    close: () => transporter.close(),
  };
}

/** `order-confirmation:K7Q4` -> `order-confirmation-K7Q4.eml`: one file per outbox row, overwritten by a resend. */
export function emlFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 200)}.eml`;
}

/** The raw message of every mail, written to `dir` (created on the first mail). Written whole or not at all. */
export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    description: dir,
    async send(message) {
      const info = await transporter.sendMail(composed(message));
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, emlFileName(message.key));
      const partial = `${file}.${process.pid}.tmp`;
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      return { location: file };
    },
    close: () => transporter.close(),
  };
}

function composed(message: MailMessage) {
  return {
    from: message.from,
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
  };
}
