/**
 * Starts the shop: config, database (migrated), demo catalog on an empty shop, HTTP server. With WORKERS=N the
 * first process prepares the database once, then supervises N server processes (src/workers/). SIGTERM/SIGINT
 * stop accepting, let requests in flight finish (up to SHUTDOWN_TIMEOUT), close the pools and exit 0.
 */
import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { formatImportReport, importDemoCatalogIfEmpty } from './catalog/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { supervise } from './workers/supervise.js';

/** Migrations and the demo catalog: once, before any server process takes requests. */
async function prepareDatabase(config: Config, log: (message: string) => void): Promise<void> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    if (config.demoCatalog) {
      const report = await importDemoCatalogIfEmpty(database.db);
      if (report) {
        log(`The catalog was empty: imported the demo catalog.\n${formatImportReport(report)}`);
        log(
          '(DEMO_CATALOG=false starts without it; `npm run kago -- demo remove` takes it out once your own catalog is in.)',
        );
      }
    }
  } finally {
    await database.close();
  }
}

/** One server process. */
async function serve(config: Config): Promise<void> {
  const database = openDatabase(
    config.database,
    (error) =>
      app.log.warn({ err: { message: error.message } }, 'database connection lost; reconnecting on the next query'),
    { backgroundCheckpoints: true },
  );
  const app = await buildApp(config, { database });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.beginShutdown();
    app.log.info(`${signal}: finishing requests in flight, then stopping`);
    const timer = setTimeout(() => {
      app.log.error(`requests still running after ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  // A close that fails is logged and exits 1 rather than surfacing as an unhandled rejection.
  const onSignal = (signal: NodeJS.Signals) => {
    stop(signal).catch((error: unknown) => {
      app.log.error({ err: error }, `${signal}: stopping failed`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  await app.listen({ port: config.port, host: config.host });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kago: cannot start: ${error.message}`);
    process.exit(1);
  }
  if (cluster.isWorker) return serve(config);
  await prepareDatabase(config, (message) => console.log(message));
  if (config.workers > 1) return supervise({ workers: config.workers, shutdownTimeoutMs: config.shutdownTimeoutMs });
  return serve(config);
}

main().catch((error: unknown) => {
  console.error(`kago: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
