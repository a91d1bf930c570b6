/**
 * The audit log: every console change (and what Stripe changed on an order) with who, what, when and from where.
 * Written in the same transaction as the change it describes, so the log never tells of a change that did not happen.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';

export type AuditSubject = 'order' | 'product' | 'price' | 'catalog' | 'account';

export interface AuditEntry {
  /** null: the shop itself or Stripe (a webhook). */
  actor: Actor | null;
  action: string;
  subjectType: AuditSubject;
  subjectId: string;
  details?: Record<string, unknown>;
  at: number;
}

export interface AuditRecord {
  id: number;
  action: string;
  actorEmail: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  at: number;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('admin_audit_log')
    .values({
      actor_account_id: entry.actor?.accountId ?? null,
      actor_email: entry.actor?.email ?? null,
      ip: entry.actor?.ip ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
      at: entry.at,
    })
    .execute();
}

/** Everything recorded about one order, product, ...: oldest first. */
export async function listAudit(
  db: Kysely<Database>,
  subjectType: AuditSubject,
  subjectId: string,
): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('admin_audit_log')
    .select(['id', 'action', 'actor_email', 'ip', 'details', 'at'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    action: row.action,
    actorEmail: row.actor_email,
    ip: row.ip,
    details: JSON.parse(row.details) as Record<string, unknown>,
    at: Number(row.at),
  }));
}
