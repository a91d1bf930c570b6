/**
 * Everything the console's pages call, built once in app.ts. Each area of the console adds its service here as one
 * field; routes receive this object and nothing else (no database, no config).
 */
import type { Kysely } from 'kysely';
import type { AuditRecord, AuditSubject } from '../../admin/audit-log.js';
import type { CatalogConsole } from '../../admin/catalog-console.js';
import type { OwnerAccess } from '../../admin/owner-access.js';
import type { RefundService } from '../../admin/refunds/refund-service.js';
import type { AdminOrders } from '../../admin/orders/index.js';
import type { Database } from '../../db/schema.js';
import { listAudit } from '../../admin/audit-log.js';

export interface AdminServices {
  access: OwnerAccess;
  /** Order lists, detail, shipping and the CSV export (src/admin/orders). */
  orders: AdminOrders;
  /** The history of one order, product, ...: oldest first. */
  audit(subjectType: AuditSubject, subjectId: string): Promise<AuditRecord[]>;
  /** Refunds of paid orders (src/admin/refunds/). */
  refunds: Pick<RefundService, 'overview' | 'refund'>;
  /** Products, stock, catalog uploads and the home page's figures. */
  catalog: CatalogConsole;
}

export function createAuditReader(db: Kysely<Database>): AdminServices['audit'] {
  return (subjectType, subjectId) => listAudit(db, subjectType, subjectId);
}
