/**
 * The bundled demo catalog, taken out of a shop for good (`kago demo remove`). Its products are known by the ids in
 * data/demo/. Orders keep their lines as recorded when they were made (name, price, quantity: order_lines holds
 * copies, not references); carts lose the demo lines; stock counts, search entries and collection places go with
 * their products, the listing is recomputed, and the start never imports the demo again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { dropFromFindIndex, refreshCollectionSortKeys, refreshListPrices } from '../search/find-index.js';
import { bumpCatalogVersion } from './catalog-version.js';
import { readCsv } from './csv/read-csv.js';
import { refreshShopCurrency } from './import/catalog-refs.js';
import { mapColumns, PRODUCT_COLUMNS } from './import/columns.js';
import { refreshListing } from './import/merge.js';
import type { ImportDatabase } from './import/staging.js';
import { demoFiles } from './demo.js';

export interface DemoRemoval {
  products: number;
  prices: number;
  /** The prices removed: carts kept elsewhere (Redis) lose their lines of them too. */
  priceIds: string[];
  /** Cart lines of demo prices removed, and the carts they were in. */
  cartLines: number;
  carts: number;
  /** Orders with demo items: kept as they are. */
  orders: number;
}

/** The product ids of the bundled demo catalog, from its export. */
export async function demoProductIds(): Promise<string[]> {
  const ids: string[] = [];
  let column: number | undefined;
  for await (const { fields } of readCsv(demoFiles.products)) {
    if (column === undefined) column = mapColumns(fields, PRODUCT_COLUMNS).index.id;
    else ids.push(fields[column!]!.trim());
  }
  return ids;
}

/** How many demo products the shop has, and how many of them are no longer sold (an own export replaced them). */
export async function demoProductsInShop(db: Kysely<Database>): Promise<{ total: number; inactive: number }> {
  const rows = await db
    .selectFrom('products')
    .select('active')
    .where('id', 'in', await demoProductIds())
    .execute();
  return { total: rows.length, inactive: rows.filter((row) => row.active === 0).length };
}

/** Removes every demo product and its prices, in one transaction; also when some are in carts or orders. */
export async function removeDemoCatalog(db: Kysely<Database>, now: number): Promise<DemoRemoval> {
  const ids = await demoProductIds();
  return db.transaction().execute(async (trx) => {
    const products = await trx.selectFrom('products').select(['id', 'num_id']).where('id', 'in', ids).execute();
    const productIds = products.map((product) => product.id);
    const removal: DemoRemoval = {
      products: products.length,
      prices: 0,
      priceIds: [],
      cartLines: 0,
      carts: 0,
      orders: 0,
    };
    await trx.updateTable('catalog_state').set({ demo_removed_at: now }).where('id', '=', 1).execute();
    if (productIds.length === 0) return removal;

    const priceIds = (await trx.selectFrom('prices').select('id').where('product_id', 'in', productIds).execute()).map(
      (price) => price.id,
    );
    removal.prices = priceIds.length;
    removal.priceIds = priceIds;
    const orders = await trx
      .selectFrom('order_lines')
      .select((eb) => eb.fn.count<number>('order_id').distinct().as('n'))
      .where('product_id', 'in', productIds)
      .executeTakeFirstOrThrow();
    removal.orders = Number(orders.n);
    if (priceIds.length > 0) {
      const carts = await trx
        .selectFrom('cart_lines')
        .select('session_id')
        .distinct()
        .where('price_id', 'in', priceIds)
        .execute();
      // A new cart version: pages and clients holding the old one see the cart changed.
      if (carts.length > 0) {
        await trx
          .updateTable('sessions')
          .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
          .where(
            'id',
            'in',
            carts.map((cart) => cart.session_id),
          )
          .execute();
      }
      const lines = await trx.deleteFrom('cart_lines').where('price_id', 'in', priceIds).executeTakeFirst();
      removal.cartLines = Number(lines.numDeletedRows);
      removal.carts = carts.length;
    }
    await trx.deleteFrom('stock_levels').where('product_id', 'in', productIds).execute();
    await dropFromFindIndex(trx, products);
    await trx.updateTable('products').set({ default_price_id: null }).where('id', 'in', productIds).execute();
    await trx.deleteFrom('prices').where('product_id', 'in', productIds).execute();
    await trx.deleteFrom('products').where('id', 'in', productIds).execute();

    await refreshListing(trx as unknown as Kysely<ImportDatabase>);
    await refreshListPrices(trx);
    await refreshCollectionSortKeys(trx);
    await refreshShopCurrency(trx);
    await bumpCatalogVersion(trx);
    return removal;
  });
}
