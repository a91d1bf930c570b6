/**
 * kago as a real server process, for tests of what only real processes show: several processes on one shop,
 * WORKERS, signals and outages. src/main.ts (built once: built.ts) on a free port with a temp DATA_DIR and every kago
 * variable unset unless the test gives it (so a `.env` cannot leak in), in a process group of its own so cleanup
 * also ends cluster workers. Also a plain HTTP client that opens a connection per request (no keep-alive to pin a
 * worker or hold a shutdown), and a visitor that keeps its session cookie across processes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { TEST_SECRET } from './app.js';
import { builtProgram } from './built.js';
import { freePort } from './postgres.js';
import { ROOT, waitForHttp } from './processes.js';

/** Every variable src/config.ts reads. Set to '' (unset, and winning over a .env file) unless the test gives it. */
const KAGO_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'BASE_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'SESSION_SECRET',
  'SESSION_TTL',
  'SHOP_NAME',
  'SHOP_LOCALE',
  'DEMO_CATALOG',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_URL',
  'CHECKOUT_TTL',
  'REDIS_URL',
  'REDIS_ALLOW_VOLATILE',
  'WORKERS',
  'TRUST_PROXY',
  'RATE_LIMIT_CART',
  'RATE_LIMIT_CHECKOUT',
  'RATE_LIMIT_CHECKOUT_SUCCESS',
  'SHUTDOWN_TIMEOUT',
  'REQUEST_TIMEOUT',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'LOG_ASSETS',
];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when it exited. */
  at: number;
}

export interface ShopProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  pid: number;
  /** What it printed so far, stdout and stderr (pino writes one JSON object a line). */
  output(): string;
  /** The JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  alive(): boolean;
  /** Resolves once the process has exited. */
  exited: Promise<Exit>;
  /** Sends `signal` to the process itself (not its group), as a supervisor would. */
  signal(signal: NodeJS.Signals): void;
  /** Ends the process and any workers (SIGKILL to its group) and removes its DATA_DIR. Safe to call again. */
  kill(): Promise<void>;
}

/** Process groups still running, ended when the test process exits however it exits. */
const running = new Set<number>();
process.on('exit', () => {
  for (const group of running) killGroup(group);
});

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Starts kago with `env` over test defaults (a fixed secret, no demo catalog, no rate limits, warn JSON logs) and
 * resolves once /healthz answers. Throws with the process's output when it exits or does not answer in time.
 */
export async function startShopProcess(env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ShopProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kago-process-'));
  const port = await freePort();
  const defaults = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_SECRET,
    DEMO_CATALOG: 'false',
    RATE_LIMIT_CART: 'off',
    RATE_LIMIT_CHECKOUT: 'off',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json', // logs() reads JSON lines
  };
  const unset = Object.fromEntries(KAGO_VARIABLES.map((name) => [name, '']));
  const child = spawn(process.execPath, [await builtProgram('main')], {
    cwd: ROOT,
    env: { ...process.env, ...unset, ...defaults, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid!;
  running.add(pid);
  let output = '';
  // The log lines are read from stdout alone: a chunk of stderr arriving while a line is half read would cut it.
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal, at: Date.now() };
      resolve(exit);
    });
  });
  const url = `http://127.0.0.1:${env.PORT ?? port}`;
  const shop: ShopProcess = {
    url,
    port: Number(env.PORT ?? port),
    pid,
    output: () => output,
    logs: () => stdout.split('\n').flatMap(jsonLine),
    alive: () => exit === undefined,
    exited,
    signal: (signal) => void child.kill(signal),
    async kill() {
      // The group: workers of a supervisor that died first are still in it.
      killGroup(pid);
      running.delete(pid);
      if (!exit) await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    // Polling stops when the process exits, so a start that fails does not keep the test process waiting.
    const up = waitForHttp(`${url}/healthz`, timeoutMs, () => exit !== undefined).then(() => 'up' as const);
    up.catch(() => undefined); // when it exited first, this one rejects too: already reported
    const outcome = await Promise.race([up, exited.then(() => 'exited' as const)]);
    if (outcome === 'exited')
      throw new Error(`kago exited before it answered (${exit?.signal ?? `exit ${exit?.code}`})`);
  } catch (error) {
    await shop.kill();
    throw new Error(`kago did not start: ${(error as Error).message}\n${output}`);
  }
  return shop;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (fields read by name in tests). */
  json(): any;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request on a connection of its own; rejects on connection errors (ECONNREFUSED, ...). */
export function http(url: string, { method = 'GET', headers = {}, body }: HttpOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, agent: false, timeout: 20_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: text, json: () => JSON.parse(text) }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${url}: no answer in 20 s`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** `kago_session=<value>` from a response's Set-Cookie, or undefined. */
export function sessionCookie(answer: HttpAnswer): string | undefined {
  return answer.headers['set-cookie']?.find((line) => line.startsWith('kago_session='))?.split(';')[0];
}

/** Delivers a Stripe event to the shop's webhook as Stripe does: the JSON body, signed with `secret`. */
export function deliverStripeEvent(shop: ShopProcess, event: object, secret: string): Promise<HttpAnswer> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return http(`${shop.url}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

/** A shopper's browser: remembers its session cookie, whichever process answered. URLs are absolute. */
export function visitor() {
  let cookie: string | undefined;
  const send = async (url: string, options: HttpOptions) => {
    const answer = await http(url, { ...options, headers: { ...(cookie ? { cookie } : {}), ...options.headers } });
    cookie = sessionCookie(answer) ?? cookie;
    return answer;
  };
  return {
    get cookie() {
      return cookie;
    },
    get: (url: string) => send(url, {}),
    postJson: (url: string, body: unknown, headers: Record<string, string> = {}) =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    postForm: (url: string, body = '') =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body,
      }),
  };
}

/**
 * A log line as an object; nothing for a line that is not JSON, or not yet whole (the last one may be still
 * arriving), so that one such line does not hide the others from a test waiting for one of them.
 */
function jsonLine(line: string): Array<Record<string, unknown>> {
  if (!line.startsWith('{')) return [];
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return [];
  }
}

/** Polls `check` until it returns true, or throws `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
