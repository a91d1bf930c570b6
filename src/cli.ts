/**
 * `kago <command>`: the shop owner's command line (`npm run kago -- <command>`).
 */
import { parseArgs } from 'node:util';
import { formatImportReport, formatProblem, importCatalog, ImportFailedError } from './catalog/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { ADMIN_HELP, adminCommand } from './cli/admin-command.js';
import { progressPrinter } from './cli/progress.js';
import { SYNC_HELP, syncCommand } from './cli/sync-command.js';

const HELP = `Usage: kago <command> [options]

Commands:
  migrate                 Apply pending database migrations (the server also does this at start).
  import --products <products.csv> --prices <prices.csv> [--dry-run]
                          Import the catalog from Stripe Dashboard exports (Products > Export,
                          Prices > Export). Either file may be given alone. All or nothing: any bad row
                          is printed as file:line: problem, nothing changes and the exit code is 1.
                          Re-importing updates by id; products and prices missing from a new export
                          are deactivated, never deleted. --dry-run checks and counts, then changes nothing.
                          Also read: Tax Behavior; shippable (metadata) or Type (service = not shipped);
                          stock (metadata), a stocktake that sets stock only when its number changed.
${SYNC_HELP}
${ADMIN_HELP}
  help                    Show this text.

The database is DATABASE_URL (default sqlite:./var/kago.db); see README.md for every variable.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (command === 'admin') {
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const database = openDatabase(loadConfig().database);
    try {
      await migrateToLatest(database.db);
      return await adminCommand(database.db, rest, { stdin: process.stdin, out: console.log, err: console.error });
    } finally {
      await database.close();
    }
  }
  if (command === 'sync') {
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const config = loadConfig();
    const database = openDatabase(config.database);
    try {
      await migrateToLatest(database.db);
      return await syncCommand(rest, config, database);
    } finally {
      await database.close();
    }
  }
  if (command !== 'migrate' && command !== 'import') {
    console.error(`kago: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  let values: { products?: string; prices?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        products: { type: 'string' },
        prices: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`kago ${command}: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (command === 'import' && !values.products && !values.prices) {
    console.error('kago import: give --products <file>, --prices <file>, or both');
    return 2;
  }

  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (command === 'migrate') {
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    const progress = progressPrinter(process.stderr);
    try {
      const report = await importCatalog(
        database.db,
        { products: values.products, prices: values.prices },
        { dryRun: values['dry-run'], onProgress: progress.update },
      );
      progress.done();
      console.log(formatImportReport(report));
      return 0;
    } catch (error) {
      progress.done();
      if (!(error instanceof ImportFailedError)) throw error;
      for (const problem of error.problems) console.error(formatProblem(problem));
      console.error(`kago import: ${error.message}`);
      return 1;
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`kago: ${message}`);
    process.exitCode = 1;
  },
);
