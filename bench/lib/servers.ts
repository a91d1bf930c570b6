/**
 * The peers kago is compared with, each on a free loopback port: the ceiling (bare node:http, fixed page) and the
 * seed (the article's Flask app under gunicorn, one sync worker per core). kago itself is in kago.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, ROOT, runToEnd, startProcess, waitForHttp, type Running } from './proc.js';

export type PeerName = 'kago' | 'seed' | 'ceiling';

export interface Server {
  peer: PeerName;
  url: string;
  /** The process whose tree's memory is measured (gunicorn's master: its workers are its children). */
  proc: Running;
  stop(): Promise<void>;
}

export async function startCeiling(): Promise<Server> {
  const port = await freePort();
  const proc = startProcess('ceiling', process.execPath, [
    '--import',
    'tsx',
    path.join(ROOT, 'bench/peers/ceiling.ts'),
    String(port),
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/`);
  return { peer: 'ceiling', url, proc, stop: () => proc.stop() };
}

const SEED_DIR = path.join(ROOT, 'bench/peers/flask-seed');
export const SEED_INSTALL_HINT = 'apt-get install python3-flask gunicorn';

function findGunicorn(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'gunicorn'))) return path.join(dir, 'gunicorn');
  }
  return undefined;
}

/** The Python that runs gunicorn (its shebang), so the catalog loader uses the same Flask. */
async function gunicornPython(gunicorn: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const first = (await readFile(gunicorn, 'utf8')).split('\n', 1)[0] ?? '';
  const interpreter = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/) : [];
  return interpreter[0] === '/usr/bin/env' ? (interpreter[1] ?? 'python3') : (interpreter[0] ?? 'python3');
}

/** Why the seed cannot run here (with the install line), or undefined when it can. */
export async function seedUnavailableReason(): Promise<string | undefined> {
  const gunicorn = findGunicorn();
  if (!gunicorn) return `gunicorn not found; install the seed's peer with: ${SEED_INSTALL_HINT}`;
  const check = await runToEnd('gunicorn --check-config', gunicorn, ['--check-config', 'app:app'], {
    cwd: SEED_DIR,
    env: { PYTHONDONTWRITEBYTECODE: '1', 'Flask_session.secret_key': 'check-only' },
  });
  if (check.code !== 0) {
    return `gunicorn cannot load the Flask app (${check.output.split('\n').filter(Boolean).pop() ?? 'no output'}); install with: ${SEED_INSTALL_HINT}`;
  }
  return undefined;
}

export interface SeedOptions {
  products: string;
  prices: string;
  secret: string;
}

/** Loads the catalog CSVs into the seed's SQLite table, then starts gunicorn with one sync worker per core. */
export async function startSeed({ products, prices, secret }: SeedOptions): Promise<Server> {
  const gunicorn = findGunicorn()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-bench-seed-'));
  const db = path.join(dir, 'seed.db');
  const env = { PYTHONDONTWRITEBYTECODE: '1', SEED_DB: db, 'Flask_session.secret_key': secret };
  const load = await runToEnd(
    'seed import',
    await gunicornPython(gunicorn),
    ['app.py', 'import', products, prices, db],
    { cwd: SEED_DIR, env },
  );
  if (load.code !== 0) throw new Error(`seed: loading the catalog failed:\n${load.output}`);
  const port = await freePort();
  const workers = String(availableParallelism());
  const proc = startProcess(
    'seed (gunicorn)',
    gunicorn,
    ['-w', workers, '-k', 'sync', '-b', `127.0.0.1:${port}`, '--log-level', 'warning', 'app:app'],
    {
      cwd: SEED_DIR,
      env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/`);
  return {
    peer: 'seed',
    url,
    proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
