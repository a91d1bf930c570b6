/**
 * An order's timeline for the console: its own times (created, paid), its mail (sent or not), and every audit-log
 * record about it (shipped, delivered, refunds, disputes, ... each with who), oldest first. Shipped and delivered
 * come from the audit record that made them, which says who; the order's own time stands in when there is none
 * (an order shipped before the audit log existed). Pure: the words are the page's.
 */
import type { AuditRecord } from '../audit-log.js';

export interface TimelineEntry {
  at: number;
  /** `order.created`, `order.paid`, `mail`, or an audit action (`order.shipped`, `refund.succeeded`, ...). */
  event: string;
  /** The owner's email; null for the shop itself, the shopper or the payment provider (`by` says which). */
  actorEmail: string | null;
  by: 'owner' | 'shopper' | 'provider' | 'shop';
  /** Where an owner's change came from (the request's IP), when recorded. */
  ip?: string | null;
  details: Record<string, unknown>;
}

export interface TimelineSources {
  createdAt: number;
  paidAt: number | null;
  provider: 'stripe' | 'demo';
  shippedAt: number | null;
  deliveredAt: number | null;
  mails: { kind: string; to: string; status: string; createdAt: number; sentAt: number | null }[];
  audit: AuditRecord[];
}

export function orderTimeline(sources: TimelineSources): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { at: sources.createdAt, event: 'order.created', actorEmail: null, by: 'shopper', details: {} },
  ];
  if (sources.paidAt !== null)
    entries.push({
      at: sources.paidAt,
      event: 'order.paid',
      actorEmail: null,
      by: 'provider',
      details: { provider: sources.provider },
    });
  for (const mail of sources.mails) {
    entries.push({
      at: mail.sentAt ?? mail.createdAt,
      event: 'mail',
      actorEmail: null,
      by: 'shop',
      details: { kind: mail.kind, to: mail.to, status: mail.status },
    });
  }
  for (const record of sources.audit) {
    // A record without an owner came from the shop itself or from Stripe (a webhook).
    const by = record.actorEmail
      ? 'owner'
      : record.action.startsWith('refund.') || record.action.startsWith('dispute.')
        ? 'provider'
        : 'shop';
    entries.push({
      at: record.at,
      event: record.action,
      actorEmail: record.actorEmail,
      by,
      ip: record.ip,
      details: record.details,
    });
  }
  const recorded = new Set(sources.audit.map((record) => record.action));
  if (sources.shippedAt !== null && !recorded.has('order.shipped'))
    entries.push({ at: sources.shippedAt, event: 'order.shipped', actorEmail: null, by: 'shop', details: {} });
  if (sources.deliveredAt !== null && !recorded.has('order.delivered'))
    entries.push({ at: sources.deliveredAt, event: 'order.delivered', actorEmail: null, by: 'shop', details: {} });
  // Stable: entries at the same time keep the order above (created before paid before its mail).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}
