/**
 * The sender's side of the outbox: claim one due row under a lease, then record how the attempt went. The claim is
 * one UPDATE ... RETURNING that re-checks "pending, due, lease free" on the row it changes, so of any number of
 * processes claiming at once exactly one gets a row; PostgreSQL also skips rows another claim has locked
 * (FOR UPDATE SKIP LOCKED) instead of waiting for it. Every later write names the claim token, so a process whose
 * lease ran out cannot undo what the next holder did.
 */
import { randomBytes } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Dialect } from '../db/connect.js';
import type { Database, MailOutboxTable, MailStatus } from '../db/schema.js';
import type { OutgoingMail } from './outbox.js';

/** A row claimed for sending: its message, and the token that proves the claim. */
export interface ClaimedMail extends OutgoingMail {
  id: string;
  messageId: string;
  /** Attempts including this one. */
  attempts: number;
  createdAt: number;
  claimToken: string;
  claimedUntil: number;
}

/** A row as the outbox holds it (for the owner's screens and tests). */
export interface OutboxEntry {
  id: string;
  dedupeKey: string;
  kind: string;
  to: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  claimedUntil: number | null;
  sentAt: number | null;
  lastError: string | null;
  messageId: string;
  createdAt: number;
}

const toEntry = (row: Selectable<MailOutboxTable>): OutboxEntry => ({
  id: row.id,
  dedupeKey: row.dedupe_key,
  kind: row.kind,
  to: row.to_address,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: Number(row.next_attempt_at),
  claimedUntil: row.claimed_until === null ? null : Number(row.claimed_until),
  sentAt: row.sent_at === null ? null : Number(row.sent_at),
  lastError: row.last_error,
  messageId: row.message_id,
  createdAt: Number(row.created_at),
});

/** Pending, due and not leased to anyone at `now`. */
const claimable = (now: number) => (eb: ExpressionBuilder<Database, 'mail_outbox'>) =>
  eb.and([
    eb('status', '=', 'pending'),
    eb('next_attempt_at', '<=', now),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]),
  ]);

export function createOutboxStore(db: Kysely<Database>, dialect: Dialect) {
  /** The row `token` holds: pending, claimed by it. */
  const held = (id: string, token: string) => (eb: ExpressionBuilder<Database, 'mail_outbox'>) =>
    eb.and([eb('id', '=', id), eb('claim_token', '=', token), eb('status', '=', 'pending')]);

  return {
    /** Claims the row that has waited longest among those due at `now`, for `leaseMs`; undefined when none is due. */
    async claimNext(now: number, leaseMs: number): Promise<ClaimedMail | undefined> {
      const token = randomBytes(12).toString('base64url');
      let due = db
        .selectFrom('mail_outbox')
        .select('id')
        .where(claimable(now))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1);
      if (dialect === 'postgres') due = due.forUpdate().skipLocked();
      const row = await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          claimed_until: now + leaseMs,
          claim_token: token,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', due)
        // Checked again on the row being changed: a claim that raced ours and won makes this one change nothing.
        .where(claimable(now))
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        dedupeKey: row.dedupe_key,
        kind: row.kind,
        to: row.to_address,
        replyTo: row.reply_to,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        attempts: row.attempts,
        createdAt: Number(row.created_at),
        claimToken: token,
        claimedUntil: now + leaseMs,
      };
    },

    /**
     * Records a delivery. Not tied to the token: the mail went out whoever held the lease, and saying so is what
     * keeps it from going out again. False when the row was not pending (already recorded).
     */
    async markSent(id: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('mail_outbox')
        .set({
          status: 'sent',
          sent_at: now,
          claimed_until: null,
          claim_token: null,
          last_error: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** A failed attempt to try again at `nextAttemptAt`; the lease is given back. */
    async markRetry(
      id: string,
      token: string,
      now: number,
      nextAttemptAt: number,
      errorKind: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('mail_outbox')
        .set({
          next_attempt_at: nextAttemptAt,
          claimed_until: null,
          claim_token: null,
          last_error: errorKind,
          updated_at: now,
        })
        .where(held(id, token))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** The last attempt failed, or the server refused the message for good: the row is `failed` and stays so. */
    async markFailed(id: string, token: string, now: number, errorKind: string): Promise<boolean> {
      const result = await db
        .updateTable('mail_outbox')
        .set({ status: 'failed', claimed_until: null, claim_token: null, last_error: errorKind, updated_at: now })
        .where(held(id, token))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async find(dedupeKey: string): Promise<OutboxEntry | undefined> {
      const row = await db.selectFrom('mail_outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
      return row && toEntry(row);
    },

    async list(): Promise<OutboxEntry[]> {
      return (await db.selectFrom('mail_outbox').selectAll().orderBy('created_at').orderBy('dedupe_key').execute()).map(
        toEntry,
      );
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
