/**
 * A throwaway Redis for tests: `redis-server` on a free loopback port, in a temp dir removed after, with persistence
 * off unless asked for. `pause()` stops the server process (SIGKILL) and `restart()` starts a new one on the same port
 * and dir, for outage tests: without persistence the data is gone after a restart; with `aof` (fsync on every write)
 * it is all back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findExecutable } from './extras.js';
import { freePort } from './postgres.js';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Stops the server and deletes its files. Synchronous so it can run in an exit handler. */
  stop(): void;
  /** Stops the server process (an outage); resolves once it has exited. */
  pause(): Promise<void>;
  /** Starts the server again on the same port (empty without persistence); resolves once it accepts connections. */
  restart(): Promise<void>;
}

const INSTALL_HINT = 'apt-get install redis-server';

/** Why a throwaway Redis cannot be started here, or undefined when it can (or one is given by KAGO_TEST_REDIS_URL). */
export function redisUnavailableReason(): string | undefined {
  if (process.env.KAGO_TEST_REDIS_URL) return undefined;
  if (!findExecutable('redis-server')) return `redis-server not found; install with: ${INSTALL_HINT}`;
  return undefined;
}

/** What the server keeps across a restart: nothing, an append-only file, or RDB snapshots (save points). */
export type RedisPersistence = 'none' | 'aof' | 'rdb';

const PERSISTENCE_ARGS: Record<RedisPersistence, string[]> = {
  none: ['--save', '', '--appendonly', 'no'],
  aof: ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
  rdb: ['--save', '3600 1', '--appendonly', 'no'],
};

/** Runs redis-server until it says it accepts connections; rejects with its output when it exits first. */
function launch(port: number, dir: string, persistence: RedisPersistence): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    ...PERSISTENCE_ARGS[persistence],
    '--dir',
    dir,
    '--daemonize',
    'no',
  ];
  const child = spawn(findExecutable('redis-server')!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: string) => {
      output += chunk;
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // Keep draining its output, and let the test process exit without waiting for the server.
      child.stdout!.resume();
      child.stderr!.resume();
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
      resolve(child);
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a fresh server. Throws with the reason when redis-server is missing or does not start. */
export async function startRedis(options: { persistence?: RedisPersistence } = {}): Promise<RedisServer> {
  const persistence = options.persistence ?? 'none';
  const reason = redisUnavailableReason();
  if (reason) throw new Error(`Redis is needed: ${reason}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-redis-'));
  let port = await freePort();
  let child: ChildProcess;
  try {
    child = await launch(port, dir, persistence);
  } catch {
    // The free port may have been taken in between; one more try on another.
    port = await freePort();
    child = await launch(port, dir, persistence);
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    async pause() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      if (stopped) throw new Error('this Redis was stopped');
      await exited(child);
      child = await launch(port, dir, persistence);
    },
  };
}
