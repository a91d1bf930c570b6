/**
 * Starts the shop: config, database (migrated), demo catalog on an empty shop, HTTP server.
 * SIGTERM/SIGINT stop accepting, let requests in flight finish, close the database and exit 0.
 */
import { buildApp } from './app.js';
import { formatImportReport, importDemoCatalogIfEmpty } from './catalog/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';

/** How long in-flight requests get after a stop signal before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function start(config: Config): Promise<void> {
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const app = await buildApp(config, { database });
  if (config.demoCatalog) {
    const report = await importDemoCatalogIfEmpty(database.db);
    if (report) app.log.info(`The catalog was empty: imported the demo catalog.\n${formatImportReport(report)}`);
  }

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: finishing requests in flight, then stopping`);
    const timer = setTimeout(() => {
      app.log.error(`requests still running after ${SHUTDOWN_GRACE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen({ port: config.port, host: config.host });
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`kago: cannot start: ${error.message}`);
  process.exit(1);
}
start(config).catch((error: unknown) => {
  console.error(`kago: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
