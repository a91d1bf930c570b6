/**
 * kago as it runs in production: `npm run build` (tsc to dist/), the catalog imported with the CLI
 * (`node dist/cli.js import`), then `node dist/main.js`, both with the Node flags of package.json's `start:prod`,
 * NODE_ENV=production, a random SESSION_SECRET, BASE_URL=http://127.0.0.1:<port>, its own DATA_DIR and database,
 * LOG_LEVEL=warn.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from './databases.js';
import { freePort, ROOT, runToEnd, sleep, startProcess, waitForHttp } from './proc.js';
import { statusBytes } from './rss.js';
import type { Server } from './servers.js';

export const DEMO_PRODUCTS = path.join(ROOT, 'data/demo/products.csv');
export const DEMO_PRICES = path.join(ROOT, 'data/demo/prices.csv');

/**
 * The Node flags kago's processes run with in production, read from package.json's `start:prod` script
 * (`node <flags> dist/main.js`, as docs/deploy.md runs it), so the bench measures kago as it is deployed.
 */
export function productionNodeFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js')
    throw new Error(`package.json's start:prod is not "node [flags] dist/main.js": ${scripts['start:prod']}`);
  return words.slice(1, -1);
}

const BUILD_ATTEMPTS = 4;
const BUILD_RETRY_MS = 20_000;

/**
 * `npm run build`. Other engineers edit src/ while this runs, so a failed build is retried a few times
 * before giving up with tsc's output.
 */
export async function buildKago(log: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const build = await runToEnd('npm run build', 'npm', ['run', 'build', '--silent']);
    if (build.code === 0) return;
    if (attempt === BUILD_ATTEMPTS) throw new Error(`npm run build failed ${attempt} times:\n${build.output.trim()}`);
    log(
      `npm run build failed (src/ may be mid-edit); retrying in ${BUILD_RETRY_MS / 1000} s:\n${indent(build.output.trim())}`,
    );
    await sleep(BUILD_RETRY_MS);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 8)
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * Production requires Stripe keys (the demo payment provider is refused there). These are well-formed and fake:
 * no scenario but checkout calls Stripe, and checkout runs on the demo provider (scenarios/checkout.ts).
 */
export const FAKE_STRIPE = {
  STRIPE_SECRET_KEY: 'sk_test_kagobench_not_a_real_key',
  STRIPE_WEBHOOK_SECRET: 'whsec_kagobenchNotARealSecret',
};

/**
 * kago limits cart changes and checkouts per client IP. The load generator is one address standing in for many
 * shoppers, so the limits are raised out of reach: the limiter stays in the request path (its cost is measured)
 * but never refuses.
 */
export const UNREACHABLE_RATE_LIMITS = { RATE_LIMIT_CART: '999999/1s', RATE_LIMIT_CHECKOUT: '999999/1s' };

/** Extra variables for every kago instance, from `--env KEY=VALUE` (e.g. WORKERS=2, REDIS_URL=...). */
export const userEnv: Record<string, string> = {};

/** The environment of every kago process of one store (server and CLI alike). */
export function kagoEnv(store: Store, secret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    ...FAKE_STRIPE,
    ...UNREACHABLE_RATE_LIMITS,
    SESSION_SECRET: secret,
    DATA_DIR: store.dir,
    DATABASE_URL: store.databaseUrl,
    DEMO_CATALOG: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // Production needs BASE_URL; http:// is allowed on a loopback address (config.ts warns about it, as it should).
    BASE_URL: `http://127.0.0.1:${extra.PORT ?? '3000'}`,
    ...extra,
    ...userEnv,
  };
}

export interface ImportRun {
  seconds: number;
  /** Peak resident memory of the CLI process, in bytes. */
  peakRss: number;
  /** How peakRss was measured. */
  rssSource: string;
  output: string;
}

/**
 * `node dist/cli.js import --products F --prices F` to completion, timed (wall clock, node start to exit).
 * Peak memory from `/usr/bin/time -v` when installed, else the last VmHWM read while polling /proc.
 */
export async function importWithCli(
  store: Store,
  secret: string,
  products: string,
  prices: string,
): Promise<ImportRun> {
  const args = [
    ...productionNodeFlags(),
    path.join(ROOT, 'dist/cli.js'),
    'import',
    '--products',
    products,
    '--prices',
    prices,
  ];
  const env = kagoEnv(store, secret);
  const started = performance.now();
  if (existsSync('/usr/bin/time')) {
    const run = await runToEnd('kago import', '/usr/bin/time', ['-v', process.execPath, ...args], { env });
    const seconds = (performance.now() - started) / 1000;
    const output = run.output
      .split(/\n?(?:Command exited with non-zero status \d+\n)?\tCommand being timed/)[0]!
      .trim();
    if (run.code !== 0) throw new Error(`kago import failed: ${output}`);
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.output);
    return { seconds, peakRss: Number(kb?.[1] ?? 0) * 1024, rssSource: '/usr/bin/time -v', output };
  }
  let output = '';
  const proc = startProcess('kago import', process.execPath, args, { env });
  proc.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  proc.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, statusBytes(proc.pid, 'VmHWM') ?? 0)), 20);
  const code = await proc.exited;
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`kago import failed (${code}): ${output.trim()}`);
  return { seconds, peakRss, rssSource: 'VmHWM polled every 20 ms', output: output.trim() };
}

/** Starts `node <production flags> [nodeArgs] dist/main.js` on a free port and waits for GET /healthz. */
export async function startKago(
  store: Store,
  secret: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const proc = startProcess(
    `kago (${store.label})`,
    process.execPath,
    [...productionNodeFlags(), ...nodeArgs, path.join(ROOT, 'dist/main.js')],
    {
      env: kagoEnv(store, secret, { PORT: String(port), ...extraEnv }),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/healthz`);
  return { peer: 'kago', url, proc, stop: () => proc.stop() };
}
