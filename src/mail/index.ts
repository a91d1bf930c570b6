/**
 * The mail module as the app uses it. `createMail` picks where mail goes from the config (SMTP_URL; else `.eml`
 * files under DATA_DIR/mail in development and tests; else nothing in production, rows recorded as `skipped`) and
 * gives the two ends of the outbox:
 *
 * - writing, inside the caller's transaction: `write(trx, orderMails(order), now)`, then `wake()` after the commit;
 * - the background sender: `start()` at boot, `stop()` on close.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { domainOf } from './address.js';
import { orderMails, type OrderMail } from './order-mail.js';
import { writeToOutbox, type OutgoingMail } from './outbox.js';
import { shippingMail, type ShippingMail } from './shipping-mail.js';
import { createOutboxStore } from './outbox-store.js';
import { createMailSender, type MailSenderDeps, type SenderLog } from './sender.js';
import { fileTransport, smtpTransport, type MailTransport } from './transports.js';

export type { OrderMail, OrderMailAddress, OrderMailLine } from './order-mail.js';
export type { OutgoingMail } from './outbox.js';
export type { ShippingMail } from './shipping-mail.js';
export { writeToOutbox } from './outbox.js';

export interface MailDeps {
  database: Pick<DatabaseHandle, 'db' | 'dialect'>;
  now: () => number;
  log: SenderLog;
  /** Replaces the transport the config picks (tests). */
  transport?: MailTransport;
  /** Sender timings (tests). */
  sender?: Pick<MailSenderDeps, 'pollMs' | 'leaseMs' | 'sendTimeoutMs' | 'maxAttempts'>;
}

/** `smtp` with SMTP_URL, `files` without it outside production, `off` in production without it. */
export type MailMode = 'smtp' | 'files' | 'off';

export function mailMode(config: Config): MailMode {
  if (config.mail.smtpUrl) return 'smtp';
  return config.env === 'production' ? 'off' : 'files';
}

/** Where development mail goes: DATA_DIR/mail. */
export const mailDirectory = (config: Config) => path.join(config.dataDir, 'mail');

/** Without BASE_URL (development only): this machine's address, `localhost` when listening on every interface. */
function developmentOrigin(config: Config): URL {
  const host = ['0.0.0.0', '::', ''].includes(config.host)
    ? 'localhost'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  return new URL(`http://${host}:${config.port}`);
}

export function createMail(config: Config, deps: MailDeps) {
  const mode = deps.transport ? 'smtp' : mailMode(config);
  const transport =
    deps.transport ??
    (mode === 'smtp'
      ? smtpTransport(config.mail.smtpUrl!)
      : mode === 'files'
        ? fileTransport(mailDirectory(config))
        : undefined);
  const store = createOutboxStore(deps.database.db, deps.database.dialect);
  const sender = transport
    ? createMailSender({ store, transport, from: config.mail.from, now: deps.now, log: deps.log, ...deps.sender })
    : undefined;
  const shop = {
    shopName: config.shopName,
    locale: config.locale,
    languages: config.languages,
    timeZone: config.timeZone,
    origin: config.baseUrl ?? developmentOrigin(config),
    shopEmail: config.mail.shopEmail,
  };
  const messageIdDomain = domainOf(config.mail.from.address);

  return {
    mode,
    /** Where mail goes, for the start-up log: `smtp://host:587`, a directory, or why none is sent. */
    destination: transport?.description ?? 'nowhere: no SMTP_URL',
    store,
    /** The confirmation and the shop's notice for a paid order, ready for `write`. */
    orderMails: (order: OrderMail) => orderMails(order, shop),
    /** The shopper's "on its way" mail for a shipped order, ready for `write` (undefined without a plain address). */
    shippingMail: (shipment: ShippingMail) => shippingMail(shipment, shop),
    /** Writes `messages` in the caller's transaction (see writeToOutbox); returns how many were new. */
    write: (trx: Kysely<Database>, messages: OutgoingMail[], now: number) =>
      writeToOutbox(trx, messages, { now, deliver: mode !== 'off', messageIdDomain }),
    /** Sends what was just written without waiting for the next poll. Call after the writing transaction commits. */
    wake: () => sender?.wake(),
    start: () => sender?.start(),
    /** One round now, without the loop: sends what is due; zero counts when no mail is sent (tests). */
    drain: async () => (await sender?.drain()) ?? { sent: 0, retried: 0, failed: 0 },
    /** Resolves when the sender has no round running (tests). */
    idle: async () => sender?.idle(),
    async stop(): Promise<void> {
      await sender?.stop();
      transport?.close();
    },
  };
}

export type Mail = ReturnType<typeof createMail>;
