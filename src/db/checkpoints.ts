/**
 * SQLite checkpoints off the request thread. In WAL mode with synchronous=NORMAL a commit writes the WAL without
 * flushing it; the flushes come at checkpoints, which SQLite runs inside the commit that crosses
 * `wal_autocheckpoint` pages: that request, and every request queued behind it on the event loop, waits for two disk
 * flushes. Here a worker thread checkpoints every `intervalMs` on its own connection (WORKER_SOURCE), and the
 * request thread's own automatic checkpoint stays as a backstop, further out, for when the worker falls behind.
 *
 * It also bounds what a power loss can take: the WAL is flushed at least every interval while changes come in,
 * where before it waited for ~1,000 pages of changes, which a quiet shop takes hours to write (ADR 0011).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * The worker thread, as CommonJS source (the same under tsx and in dist/, no file to find): its own connection to the
 * shop's database, a PASSIVE checkpoint every interval. A checkpoint flushes the WAL, copies it into the database
 * file and flushes that; the disk waits happen on this thread. PASSIVE never blocks a writer; a round that finds a
 * checkpoint running (another process's) or the file going away as the shop stops just tries again next time.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const connection = new SQLite(workerData.file);
connection.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  connection.close();
  parentPort.close();
});
`;

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** The request thread's own automatic checkpoint, in pages (SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 10_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing `file` (the database `connection` has open) in a worker thread. */
export function checkpointInBackground(
  connection: SQLite.Database,
  file: string,
  intervalMs = CHECKPOINT_INTERVAL_MS,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref(); // never what keeps the process alive
  let failed = false;
  worker.on('error', () => {
    // The worker could not open the database: the request thread checkpoints by itself again, as SQLite does.
    failed = true;
    connection.pragma('wal_autocheckpoint = 1000');
  });
  connection.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return {
    async stop() {
      if (failed) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.ref(); // wait for it, now that the rest may be done
      worker.postMessage('stop');
      await exited;
    },
  };
}
