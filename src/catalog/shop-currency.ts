/**
 * SHOP_CURRENCY: the currency the shop sells in. It is kept with the catalog's state, so every refresh of the
 * catalog (an import, a sync, a webhook, in any process) sells the same prices without being told; a start with a
 * different setting re-sells the catalog at once, in one transaction, and moves the catalog version so every
 * process's cached pages follow.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { refreshCollectionSortKeys, refreshListPrices } from '../search/find-index.js';
import { bumpCatalogVersion } from './catalog-version.js';
import { refreshListing } from './import/merge.js';
import type { ImportDatabase } from './import/staging.js';
import { AUTOMATIC_CURRENCY } from './options/index.js';

/**
 * Records `currency` (lower-case ISO, or undefined for the commonest) and, when it differs from the one last
 * applied, recomputes what the catalog sells. Returns true when anything was recomputed. Safe to run from many
 * processes at once: the row's lock lets one recompute, and the others find it done.
 */
export async function applyShopCurrency(db: Kysely<Database>, currency: string | undefined): Promise<boolean> {
  const setting = currency ?? AUTOMATIC_CURRENCY;
  return db.transaction().execute(async (trx) => {
    const changed =
      await sql`update catalog_state set currency_setting = ${setting} where id = 1 and currency_setting is distinct from ${setting}`.execute(
        trx,
      );
    if (Number(changed.numAffectedRows ?? 0) === 0) return false;
    await refreshListing(trx as unknown as Kysely<ImportDatabase>);
    await refreshListPrices(trx);
    await refreshCollectionSortKeys(trx);
    await bumpCatalogVersion(trx);
    return true;
  });
}
