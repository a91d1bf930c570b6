/**
 * Writing mail: `writeToOutbox` puts rendered messages in the outbox inside the caller's transaction, so a mail
 * exists exactly when what caused it (an order becoming paid) was committed. Each message carries a dedupe key
 * (`order-confirmation:<order id>`); writing a key that is already there does nothing, however often it is tried.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isMailAddress } from './address.js';

/** A rendered message, ready for the outbox. The sender adds From (MAIL_FROM) when it sends. */
export interface OutgoingMail {
  /** Unique per mail the shop ever means to send: `order-confirmation:<order id>`. */
  dedupeKey: string;
  /** The template that made it, for logs and the owner's screens: `order-confirmation`, `order-notice`. */
  kind: string;
  /** One plain address (`a@b.example`): never a list. */
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxWriteOptions {
  now: number;
  /** false when the shop sends no mail (production without SMTP_URL): rows are recorded as `skipped`. */
  deliver: boolean;
  /** The right-hand side of Message-IDs, the domain of MAIL_FROM. */
  messageIdDomain: string;
}

/** Thrown for a message that must not be written (a programming error, never a shopper's input). */
export class OutboxError extends Error {
  override name = 'OutboxError';
}

/**
 * Writes `messages` with `trx` (a Kysely transaction, or the database itself); returns how many were new.
 * ON CONFLICT (dedupe_key) DO NOTHING on SQLite and PostgreSQL: a repeated write is a no-op, not an error, so it
 * never rolls back the caller's transaction. Call the sender's `wake()` after the transaction commits.
 */
export async function writeToOutbox(
  trx: Kysely<Database>,
  messages: OutgoingMail[],
  options: OutboxWriteOptions,
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = messages.map((message) => {
    if (!isMailAddress(message.to) || (message.replyTo !== null && !isMailAddress(message.replyTo))) {
      throw new OutboxError(`outbox: ${message.kind} needs single plain addresses (to, reply-to)`);
    }
    const id = randomBytes(16).toString('base64url');
    return {
      id,
      dedupe_key: message.dedupeKey,
      kind: message.kind,
      to_address: message.to,
      reply_to: message.replyTo,
      // A subject is one header line: whatever went into it, no line break reaches the message.
      subject: message.subject.replace(/[\r\n\t]+/g, ' ').trim(),
      text_body: message.text,
      html_body: message.html,
      message_id: `<${id}.${message.kind}@${options.messageIdDomain}>`,
      status: options.deliver ? ('pending' as const) : ('skipped' as const),
      attempts: 0,
      next_attempt_at: options.now,
      claimed_until: null,
      claim_token: null,
      sent_at: null,
      last_error: null,
      created_at: options.now,
      updated_at: options.now,
    };
  });
  const result = await trx
    .insertInto('mail_outbox')
    .values(rows)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
