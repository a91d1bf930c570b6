/**
 * A throwaway PostgreSQL for tests: initdb into a temp dir, start on a free loopback port, remove after.
 * As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 * `halt()` and `resume()` stop and start the same server (same port, same data) for outage tests.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findExecutable, postgresBinDirs } from './extras.js';

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /**
   * The same through the server's Unix socket: the test runner hands this one to the suites. A query's round trip
   * over loopback TCP cost the test process and the server more (each write goes through the TCP stack on both
   * sides), and suites send tens of thousands.
   */
  socketUrl: string;
  /** The port it listens on, the same after `resume()`. */
  port: number;
  /** The server's main process, from its `postmaster.pid`; undefined while it is down. */
  pid(): number | undefined;
  /** Stops the server and deletes its files. Synchronous so it can run in an exit handler. */
  stop(): void;
  /** An outage: `pg_ctl stop -m fast` (open connections are cut), keeping the data; resolves once it is down. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and data; resolves once it accepts connections. */
  resume(): Promise<void>;
}

const INSTALL_HINT = 'apt-get install postgresql';

/** Why a throwaway PostgreSQL cannot be started here, or undefined when it can (or one is given by KAGO_TEST_POSTGRES_URL). */
export function postgresUnavailableReason(): string | undefined {
  if (process.env.KAGO_TEST_POSTGRES_URL) return undefined;
  return postgresServerUnavailableReason();
}

/** Why this machine cannot run a PostgreSQL server of its own (as `startPostgres` and outage tests need), or undefined. */
export function postgresServerUnavailableReason(): string | undefined {
  const initdb = findExecutable('initdb', postgresBinDirs());
  const pgCtl = findExecutable('pg_ctl', postgresBinDirs());
  if (!initdb || !pgCtl) return `PostgreSQL server binaries (initdb, pg_ctl) not found; install with: ${INSTALL_HINT}`;
  if (process.getuid?.() === 0 && !findExecutable('runuser')) return 'running as root and runuser is missing';
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a fresh server. Throws with the reason when binaries are missing or the start fails. `durable` keeps
 * PostgreSQL's own settings (fsync, synchronous_commit, full_page_writes on, as production runs, ADR 0011): the
 * benchmark measures with them; the suites turn them off.
 */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<PostgresServer> {
  const reason = postgresServerUnavailableReason();
  if (reason) throw new Error(`PostgreSQL is needed: ${reason}`);
  const initdb = findExecutable('initdb', postgresBinDirs())!;
  const pgCtl = findExecutable('pg_ctl', postgresBinDirs())!;
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-pg-'));
  const asRoot = process.getuid?.() === 0;
  const command = (file: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', file, ...args]] as const) : ([file, args] as const);
  const run = (file: string, args: string[]) => {
    const [cmd, argv] = command(file, args);
    const result = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${path.basename(file)} failed: ${result.stderr || result.stdout}`);
  };
  /**
   * `run` without blocking the event loop: the runner builds while initdb runs, a test talks to the shop while the
   * server stops.
   */
  const runAsync = (file: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = command(file, args);
      execFile(cmd, argv, { encoding: 'utf8' }, (error, stdout, stderr) =>
        error ? reject(new Error(`${path.basename(file)} failed: ${stderr || stdout || error.message}`)) : resolve(),
      );
    });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  // A UTF-8 LC_CTYPE as a shop's database has (docs/deploy.md): under `C`, pg_trgm takes no Japanese letter for part
  // of a word, so Japanese searches would scan instead of using the trigram index.
  await runAsync(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  // Durability is pointless for a throwaway server; turning it off makes the suites several times faster.
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast} -c max_connections=200`;
  const startArgs = ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'];
  await runAsync(pgCtl, startArgs);
  let stopped = false;
  let halted = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@127.0.0.1:${port}/postgres?host=${encodeURIComponent(dir)}`,
    port,
    pid() {
      try {
        return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    async halt() {
      await runAsync(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      halted = true;
    },
    async resume() {
      await runAsync(pgCtl, startArgs);
      halted = false;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (!halted) run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
