/**
 * `kago <command>`: the shop owner's command line (`npm run kago -- <command>`).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createRedis, redisReady } from './redis/connect.js';
import { removeCartLinesOfPrices } from './cart/redis-remove-cart-lines.js';
import { ADMIN_HELP, adminCommand } from './cli/admin-command.js';
import { DEMO_HELP, demoCommand, demoUsageError } from './cli/demo-command.js';
import { IMPORT_HELP, importCommand } from './cli/import-command.js';
import { progressPrinter } from './cli/progress.js';
import { SYNC_HELP, syncCommand } from './cli/sync-command.js';

const HELP = `Usage: kago <command> [options]

Commands:
  migrate                 Apply pending database migrations (the server also does this at start).
${IMPORT_HELP}
${SYNC_HELP}
${ADMIN_HELP}
${DEMO_HELP}
  help                    Show this text.

The database is DATABASE_URL (default sqlite:./var/kago.db); see README.md for every variable.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (command === 'admin' || command === 'demo') {
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const usage = command === 'demo' ? demoUsageError(rest) : undefined;
    if (usage) {
      console.error(usage);
      return 2;
    }
    const config = loadConfig();
    const database = openDatabase(config.database);
    try {
      await migrateToLatest(database.db);
      if (command === 'demo') return await demoRemove(database.db, config.redisUrl);
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
  if (command === 'import') {
    const io = { out: console.log, err: console.error, progress: process.stderr };
    return importCommand(config, { products: values.products, prices: values.prices }, values['dry-run'] ?? false, io);
  }
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  } finally {
    await database.close();
  }
}

/** `kago demo remove`, sweeping the carts in Redis too when the shop keeps them there. */
async function demoRemove(db: Parameters<typeof demoCommand>[0], redisUrl: string | undefined): Promise<number> {
  if (!redisUrl) return demoCommand(db, console.log);
  const redis = await createRedis(redisUrl, () => {});
  try {
    await redisReady(redis);
    return await demoCommand(db, console.log, (priceIds) => removeCartLinesOfPrices(redis, priceIds));
  } finally {
    redis.disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`kago: ${message}`);
    process.exitCode = 1;
  },
);
