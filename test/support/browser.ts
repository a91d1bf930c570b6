/**
 * Plumbing for the browser suites (test/e2e): Debian's Chromium (chromium.ts), start the
 * real shop as a child process on a fresh data directory, and watch every page for console errors and failed
 * requests. Axe and screenshots are in browser-checks.ts; shop actions (add to cart, checkout) in browser-shop.ts.
 *
 * `useBrowserShop()` inside a `describe({ skip: CHROMIUM_SKIP })` gives a file one browser and one shop server.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_NEEDED, launchChromium } from './chromium.js';
import { freePort } from './postgres.js';
import { builtProgram } from './built.js';
import { runCli, waitForHttp } from './processes.js';

export { CHROMIUM, CHROMIUM_NEEDED, CHROMIUM_SKIP, launchChromium } from './chromium.js';

export const E2E_SECRET = 'e2e-session-secret-that-is-at-least-32-bytes';

export interface ShopServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Its DATA_DIR (the SQLite database is kago.db in it); removed by stop(). */
  dataDir: string;
  /** What the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface ShopOptions {
  /** Extra environment (SESSION_TTL, SHOP_LOCALE, ...). */
  env?: Record<string, string>;
  /** Stripe export files to import before the start; the demo catalog is then turned off. */
  catalog?: { products: string; prices: string };
}

/**
 * src/main.ts (built once: built.ts) on a free port and a fresh DATA_DIR (a fresh SQLite database), as `npm start` does.
 * The environment is built from scratch and the working directory is the data directory, so no variable or `.env`
 * of the developer's (a Stripe key, a DATABASE_URL) changes what the suite sees.
 */
export async function startShopServer(options: ShopOptions = {}): Promise<ShopServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kago-e2e-'));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'kago.db')}`,
    SESSION_SECRET: E2E_SECRET,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json', // the suite fails on logged errors, found by their JSON level
    DEMO_CATALOG: options.catalog ? 'false' : 'true',
    ...options.env,
  };
  if (options.catalog) {
    const imported = await runCli(
      ['import', '--products', options.catalog.products, '--prices', options.catalog.prices],
      env,
    );
    assert.equal(imported.code, 0, `kago import failed:\n${imported.stdout}${imported.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, [await builtProgram('main')], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForHttp(`${origin}/healthz`, 60_000),
      exited.then(() => Promise.reject(new Error('the server exited'))),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`the shop did not start: ${(error as Error).message}\n${output}`);
  }
  return { origin, dataDir, output: () => output, stop };
}

/** Console errors, uncaught page errors, failed requests and 4xx/5xx answers, each with the page it happened on. */
export class ProblemLog {
  private entries: string[] = [];
  private allowed: Array<(url: string, status: number) => boolean> = [];

  /** Watches `page` from now on. */
  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every 4xx/5xx as "Failed to load resource"; the response check below judges those.
      if (message.text().startsWith('Failed to load resource: the server responded with a status of')) return;
      // A request that got no answer is logged too; the requestfailed check below judges those.
      if (
        message.text().startsWith('Failed to load resource: net::') &&
        this.allowed.some((allow) => allow(message.location().url, 0))
      )
        return;
      this.entries.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.entries.push(`uncaught error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? '';
      // Leaving a page cancels what is still loading on it (lazy images, the icon): not a failure of the shop.
      // The cart script's own requests (fetch) are never expected to be cancelled, so those still count.
      if (error === 'net::ERR_ABORTED' && !['fetch', 'xhr'].includes(request.resourceType())) return;
      if (this.allowed.some((allow) => allow(request.url(), 0))) return;
      this.entries.push(`request failed: ${request.method()} ${request.url()}: ${error}`);
    });
    page.on('response', (response) => {
      const status = response.status();
      if (status >= 400 && !this.allowed.some((allow) => allow(response.url(), status))) {
        this.entries.push(`HTTP ${status}: ${response.request().method()} ${response.url()} (page ${page.url()})`);
      }
    });
  }

  /** Declares a 4xx/5xx as deliberate (a 404 page visited on purpose); status 0 is a request that got no answer. */
  allow(predicate: (url: string, status: number) => boolean): void {
    this.allowed.push(predicate);
  }

  /** Fails with every problem seen since the last call, then starts a fresh list. */
  assertNone(): void {
    const seen = this.entries;
    this.entries = [];
    this.allowed = [];
    assert.deepEqual(seen, [], `problems in the browser:\n  ${seen.join('\n  ')}`);
  }
}

export interface BrowserShop {
  readonly browser: Browser;
  readonly server: ShopServer;
  readonly problems: ProblemLog;
  /** A fresh browser context (own cookies = a new shopper) whose pages are all watched. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers before/after hooks that start one shop server and one browser for the enclosing suite. */
export function useBrowserShop(options: ShopOptions = {}): BrowserShop {
  let browser: Browser | undefined;
  let server: ShopServer | undefined;
  const problems = new ProblemLog();
  before(async () => {
    if (!CHROMIUM) throw new Error(CHROMIUM_NEEDED); // in CI: fail at once, without starting a server
    // Both at once; when one fails, the other is still stopped (a server left running would keep the file alive).
    const [started, launched] = await Promise.allSettled([startShopServer(options), launchChromium()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    // Errors the browser cannot see (a failed background job, a logged 500) still fail the suite.
    const logged = (server?.output() ?? '').split('\n').filter((line) => /"level":(50|60)\b/.test(line));
    assert.deepEqual(logged, [], `the shop logged errors:\n${logged.join('\n')}`);
  });
  const shop: BrowserShop = {
    get browser() {
      return browser!;
    },
    get server() {
      return server!;
    },
    problems,
    async newContext(contextOptions = {}) {
      const context = await browser!.newContext({
        baseURL: server!.origin,
        viewport: { width: 1280, height: 800 },
        ...contextOptions,
      });
      context.setDefaultTimeout(5_000);
      context.on('page', (page) => problems.watch(page));
      return context;
    },
    async newPage(contextOptions) {
      return (await shop.newContext(contextOptions)).newPage();
    },
  };
  return shop;
}
