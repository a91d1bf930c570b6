/**
 * `kago import`: Stripe Dashboard exports (products.csv, prices.csv) -> the catalog, all or nothing.
 * Files stream into staging tables; problems are gathered with their `file:line`; only a clean export is merged,
 * in one transaction.
 */
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StocktakeCounts } from '../../stock/stocktake.js';
import { CsvSyntaxError, readCsv, unreadableReason, type ReadCsvOptions } from '../csv/read-csv.js';
import { applyStaged, settleImportedTables } from './apply.js';
import { handleProblems } from './catalog-refs.js';
import { duplicateIds, pricesOfUnknownProducts } from './checks.js';
import { mapColumns, PRICE_COLUMNS, PRODUCT_COLUMNS, type ColumnMap, type ColumnSpec } from './columns.js';
import type { MergeCounts } from './merge.js';
import { parsePriceRow, parseProductRow, type RowResult } from './rows.js';
import { priceWarnings } from './warnings.js';
import {
  BatchWriter,
  createStagingTables,
  dropStagingTables,
  indexStagingTables,
  type ImportDatabase,
  type StagingTables,
} from './staging.js';

export interface ImportFiles {
  products?: string;
  prices?: string;
}

export interface ImportOptions {
  /** Check and count everything, then roll back. */
  dryRun?: boolean;
  onProgress?: (file: string, bytesRead: number, totalBytes: number) => void;
  now?: () => number;
  /**
   * Runs inside the import's transaction once everything is merged, before it commits (never on a dry run): the
   * console records its audit entry there, and refuses an import that would differ from the one it previewed
   * (throwing rolls the whole import back).
   */
  beforeCommit?: (trx: Transaction<Database>, report: ImportReport) => Promise<void>;
}

export interface ImportProblem {
  file: string;
  /** 1-based; 0 when the problem is the whole file (missing, unreadable). */
  line: number;
  message: string;
}

export interface ImportReport {
  products: MergeCounts | undefined;
  /** `skipped`: rows not imported (tiered, no amount); `otherCurrency`: imported, not sold (not the shop's currency). */
  prices: (MergeCounts & { recurring: number; skipped: number; otherCurrency: number }) | undefined;
  /** Stock counts applied from `stock (metadata)`; undefined without a products export. */
  stock: StocktakeCounts | undefined;
  /** Rows left out on purpose (tiered prices, ...), as `file:line: why`. */
  notes: ImportProblem[];
  /** Rows imported that are probably not meant (an Amount of 0, a second currency), as `file:line: why`. */
  warnings: ImportProblem[];
  dryRun: boolean;
}

/** The import changed nothing; `problems` lists every bad row. */
export class ImportFailedError extends Error {
  override name = 'ImportFailedError';
  constructor(readonly problems: ImportProblem[]) {
    super(`import failed with ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed`);
  }
}

class DryRunRollback extends Error {}

interface StageResult {
  skipped: number;
  /** The file could not be read whole (syntax error, missing columns): checks across rows would mislead. */
  unreadable: boolean;
}

/** Streams one file into its staging table; bad rows become problems, skipped rows notes. */
async function stageFile<K extends string, T extends keyof StagingTables>(
  db: Kysely<ImportDatabase>,
  file: string,
  specs: Record<K, ColumnSpec>,
  table: T,
  parseRow: (fields: string[], line: number, columns: ColumnMap<K>) => RowResult<StagingTables[T]>,
  problems: ImportProblem[],
  notes: ImportProblem[],
  readOptions: ReadCsvOptions,
): Promise<StageResult> {
  const result: StageResult = { skipped: 0, unreadable: false };
  const writer = new BatchWriter(db, table);
  let columns: ColumnMap<K> | undefined;
  try {
    for await (const { line, fields } of readCsv(file, readOptions)) {
      if (!columns) {
        columns = mapColumns(fields, specs);
        for (const name of columns.missing) problems.push({ file, line, message: `missing required column "${name}"` });
        for (const name of columns.repeated) problems.push({ file, line, message: `column "${name}" appears twice` });
        if (columns.missing.length > 0) return { ...result, unreadable: true };
        continue;
      }
      if (fields.every((field) => field.trim() === '')) continue; // spreadsheet filler rows
      if (fields.length !== columns.width) {
        problems.push({ file, line, message: `expected ${columns.width} fields, found ${fields.length}` });
        continue;
      }
      const parsed = parseRow(fields, line, columns);
      if ('problems' in parsed) {
        for (const message of parsed.problems) problems.push({ file, line, message });
      } else if ('skip' in parsed) {
        result.skipped++;
        notes.push({ file, line, message: parsed.skip });
      } else {
        await writer.add(parsed.row); // staged even after a problem, so duplicate and product checks still run
      }
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ file, line: error.line, message: error.message });
    return { ...result, unreadable: true };
  }
  if (!columns) {
    problems.push({ file, line: 1, message: 'the file is empty (no header row)' });
    return { ...result, unreadable: true };
  }
  await writer.flush();
  return result;
}

/**
 * Imports one or both exports. Resolves with the report, or rejects with ImportFailedError (nothing changed).
 * A products export deactivates products it lacks; a prices export deactivates prices it lacks.
 */
export async function importCatalog(
  database: Kysely<Database>,
  files: ImportFiles,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (!files.products && !files.prices) throw new Error('importCatalog needs a products file, a prices file, or both');
  const missing = await unreadableFiles(files);
  if (missing.length > 0) throw new ImportFailedError(missing);
  const now = (options.now ?? Date.now)();
  const problems: ImportProblem[] = [];
  const notes: ImportProblem[] = [];
  const readOptions = (file: string): ReadCsvOptions => ({
    onProgress: options.onProgress && ((read, total) => options.onProgress!(file, read, total)),
  });
  // One pinned connection: temporary tables belong to it. The cast adds the staging tables to the schema type.
  return (database as unknown as Kysely<ImportDatabase>).connection().execute(async (db) => {
    await createStagingTables(db);
    try {
      let productStage: StageResult | undefined;
      let priceStage: StageResult | undefined;
      if (files.products) {
        productStage = await stageFile(
          db,
          files.products,
          PRODUCT_COLUMNS,
          'import_products',
          parseProductRow,
          problems,
          notes,
          readOptions(files.products),
        );
      }
      if (files.prices) {
        priceStage = await stageFile(
          db,
          files.prices,
          PRICE_COLUMNS,
          'import_prices',
          parsePriceRow,
          problems,
          notes,
          readOptions(files.prices),
        );
      }
      if (!productStage?.unreadable && !priceStage?.unreadable) {
        await indexStagingTables(db);
        if (files.products) {
          problems.push(...(await duplicateIds(db, 'import_products', 'product')).map(at(files.products)));
          problems.push(...(await handleProblems(db)).map(at(files.products)));
        }
        if (files.prices) {
          problems.push(...(await duplicateIds(db, 'import_prices', 'price')).map(at(files.prices)));
          problems.push(...(await pricesOfUnknownProducts(db)).map(at(files.prices)));
        }
      }
      if (problems.length > 0) throw new ImportFailedError(sortProblems(problems, files));
      const warnings = files.prices ? (await priceWarnings(db)).map(at(files.prices)) : [];

      let report: ImportReport | undefined;
      try {
        await db.transaction().execute(async (trx) => {
          const { products, prices, stock, otherCurrency } = await applyStaged(
            trx,
            { products: productStage !== undefined, prices: priceStage },
            now,
          );
          notes.push(...otherCurrency.map(at(files.prices!)));
          notes.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file === files.products ? -1 : 1));
          report = { products, prices, stock, notes, warnings, dryRun: options.dryRun ?? false };
          if (options.dryRun) throw new DryRunRollback();
          if (options.beforeCommit) await options.beforeCommit(trx as unknown as Transaction<Database>, report);
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      if (!options.dryRun) await settleImportedTables(db, report!);
      return report!;
    } finally {
      await dropStagingTables(db);
    }
  });
}

function at(file: string) {
  return (problem: { line: number; message: string }): ImportProblem => ({ file, ...problem });
}

/** Products file first, then prices; by line within each. */
function sortProblems(problems: ImportProblem[], files: ImportFiles): ImportProblem[] {
  const order = (file: string) => (file === files.products ? 0 : 1);
  return problems.sort((a, b) => order(a.file) - order(b.file) || a.line - b.line);
}

/** Each given file that cannot be read, as a problem of the whole file (line 0). */
export async function unreadableFiles(files: ImportFiles): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  for (const file of [files.products, files.prices]) {
    const reason = file ? await unreadableReason(file) : undefined;
    if (reason) problems.push({ file: file!, line: 0, message: reason });
  }
  return problems;
}

/** `prices.csv:12: Amount "1,500" ...` with the path as the user gave it; `prices.csv: ...` for the whole file. */
export function formatProblem(problem: ImportProblem): string {
  return `${path.normalize(problem.file)}:${problem.line > 0 ? `${problem.line}:` : ''} ${problem.message}`;
}
