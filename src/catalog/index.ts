/** The catalog: products and prices imported from Stripe exports, and the queries the storefront needs. */
export { formatProblem, importCatalog, ImportFailedError, type ImportFiles, type ImportProblem, type ImportReport } from './import/import-catalog.js';
