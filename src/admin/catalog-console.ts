/** The console's catalog services, built once in app.ts: products, stock changes, uploads, and the home figures. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createCatalogUploads, type CatalogUploads } from './catalog-uploads.js';
import { createHomeFigures, type HomeFigureQueries } from './home-figures.js';
import { createProductsAdmin, type ProductsAdmin } from './products-admin.js';
import { createStockChanges, type StockChanges } from './stock-changes.js';

export interface CatalogConsole {
  products: ProductsAdmin;
  stock: StockChanges;
  uploads: CatalogUploads;
  home: HomeFigureQueries;
}

export function createCatalogConsole(
  db: Kysely<Database>,
  options: { lowStock: number; now: () => number; timeZone?: string },
): CatalogConsole {
  return {
    products: createProductsAdmin(db, options),
    stock: createStockChanges(db, options),
    uploads: createCatalogUploads(db, options),
    home: createHomeFigures(db, options),
  };
}
