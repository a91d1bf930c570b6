/** The catalog: products and prices imported from Stripe exports, and the queries the storefront needs. */
export { DEMO_DIR, demoFiles, importDemoCatalogIfEmpty } from './demo.js';
export { demoProductsInShop, removeDemoCatalog, type DemoRemoval } from './demo-remove.js';
export {
  formatProblem,
  importCatalog,
  ImportFailedError,
  unreadableFiles,
  type ImportFiles,
  type ImportProblem,
  type ImportReport,
} from './import/import-catalog.js';
export { MAX_ID_LENGTH } from './import/fields.js';
export { formatImportReport } from './import/report.js';
export {
  createCatalogQueries,
  PAGE_SIZE,
  type CatalogPage,
  type CatalogQueries,
  type Price,
  type Product,
  type ProductDetail,
  type ProductOption,
} from './queries.js';
export type { PriceDetails } from './cart-prices.js';
