/**
 * `kago import`: the owner's Stripe exports into the catalog. Files are checked before the database is opened (a
 * mistyped path changes nothing), and `--dry-run` runs on a scratch copy (src/db/scratch.ts) so it writes nothing:
 * no database file, no migration, no catalog change.
 */
import {
  demoProductsInShop,
  formatImportReport,
  formatProblem,
  importCatalog,
  ImportFailedError,
  unreadableFiles,
  type ImportFiles,
  type ImportProblem,
} from '../catalog/index.js';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { openScratchDatabase, ScratchUnavailableError } from '../db/scratch.js';
import { progressPrinter } from './progress.js';

export const IMPORT_HELP = `  import --products <products.csv> --prices <prices.csv> [--dry-run]
                          Import the catalog from Stripe Dashboard exports (Products > Export,
                          Prices > Export). Either file may be given alone. All or nothing: any bad row
                          (an empty Amount included) is printed as file:line: problem, nothing changes
                          and the exit code is 1. Rows that import but look unintended (an Amount of 0,
                          prices in a second currency) are printed as warning: file:line: ...
                          Re-importing updates by id; products and prices missing from a new export
                          are deactivated, never deleted. --dry-run checks and counts, then writes
                          nothing (not even a new database file or a migration).
                          Also read: Tax Behavior; shippable (metadata) or Type (service = not shipped);
                          stock (metadata), a stocktake that sets stock only when its number changed.`;

export interface ImportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  progress: NodeJS.WriteStream;
}

function refuse(problems: ImportProblem[], summary: string, io: ImportIo): number {
  for (const problem of problems) io.err(formatProblem(problem));
  io.err(`kago import: ${summary}`);
  return 1;
}

/** Runs one import; returns the exit code (1: refused, nothing changed). */
export async function importCommand(
  config: Config,
  files: ImportFiles,
  dryRun: boolean,
  io: ImportIo,
): Promise<number> {
  const unreadable = await unreadableFiles(files);
  if (unreadable.length > 0) return refuse(unreadable, new ImportFailedError(unreadable).message, io);
  let database: DatabaseHandle;
  try {
    database = dryRun ? await openScratchDatabase(config.database) : openDatabase(config.database);
  } catch (error) {
    if (!(error instanceof ScratchUnavailableError)) throw error;
    return refuse([], `--dry-run: ${error.message}`, io);
  }
  try {
    if (!dryRun) await migrateToLatest(database.db);
    const progress = progressPrinter(io.progress);
    try {
      const report = await importCatalog(database.db, files, { dryRun, onProgress: progress.update });
      progress.done();
      io.out(formatImportReport(report));
      if (!dryRun) {
        // The owner's own export deactivates the demo's products; they stay reachable until removed.
        const demo = await demoProductsInShop(database.db);
        if (demo.inactive > 0)
          io.out(
            `note: the demo catalog is still in the shop (${demo.inactive} products, no longer sold); \`npm run kago -- demo remove\` takes it out`,
          );
      }
      return 0;
    } catch (error) {
      progress.done();
      if (!(error instanceof ImportFailedError)) throw error;
      return refuse(error.problems, error.message, io);
    }
  } finally {
    await database.close();
  }
}
