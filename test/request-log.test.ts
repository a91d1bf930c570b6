/**
 * What the shop writes to its log: in development one readable line per request (pino-pretty), none for static
 * assets unless LOG_ASSETS, and no warning about the development session secret the README calls normal; in
 * production one JSON line per answered request (and its arrival at debug). The lines are read from the destination
 * the app writes to.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

/** A log destination that keeps every line and lets a test await the one it expects (no sleeps). */
function captureLog() {
  const lines: string[] = [];
  const waiting: { test: (line: string) => boolean; resolve: () => void }[] = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n').filter((part) => part !== '')) {
        lines.push(line);
        for (const waiter of waiting.filter((candidate) => candidate.test(line))) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    /** Resolves once a line passing `test` has been written (at once when one already was). */
    seen(test: (line: string) => boolean): Promise<void> {
      if (lines.some(test)) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ test, resolve }));
    },
  };
}

const [sqlite] = databaseTargets();
const TIME = String.raw`\[\d\d:\d\d:\d\d\]`;
const PRODUCTION = {
  NODE_ENV: 'production',
  BASE_URL: 'https://shop.example',
  SESSION_SECRET: 'mDH+sGBUds8Zix9bIIh8KmNKEVYDMOvyoXbWoyGSJrw=',
  STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
};

describe('request logs', () => {
  let database: TestDatabase;
  let dataDir: string;
  before(async () => {
    database = await sqlite!.open();
    dataDir = mkdtempSync(path.join(tmpdir(), 'kago-log-'));
  });
  after(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function shopLogging(env: Record<string, string>) {
    const log = captureLog();
    const shop = await startTestShop(database, {
      env: { LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env },
      deps: { logDestination: log },
    });
    return { app: shop.app, log };
  }

  it(
    'development: one readable line per request, none for assets, and the generated secret is a note, not a warning',
    { timeout: 60_000 },
    async () => {
      const { app, log } = await shopLogging({ NODE_ENV: 'development', SESSION_SECRET: '' });
      try {
        const secretFile = path.join(dataDir, 'session-secret');
        const started = log.lines.map((line) => line.replace(new RegExp(`^${TIME} `), ''));
        assert.ok(
          started.includes(
            `INFO: session cookies are signed with a secret generated for development in ${secretFile} (production needs SESSION_SECRET)`,
          ),
          started.join('\n'),
        );
        assert.deepEqual(
          started.filter((line) => !line.startsWith('INFO: ')),
          [],
          'nothing above INFO at start',
        );
        const start = log.lines.length;
        const page = await app.inject({ url: '/' });
        assert.equal(page.statusCode, 200);
        const stylesheet = /href="(\/assets\/kago\.css\?v=[0-9a-f]+)"/.exec(page.body)![1]!;
        for (const url of [stylesheet, '/assets/kago.js', '/favicon.ico', '/images/demo/tenugui-hand-towel.svg']) {
          assert.ok([200, 301].includes((await app.inject({ url })).statusCode), url);
        }
        assert.equal((await app.inject({ url: '/products/no-such-thing' })).statusCode, 404);
        // Requests run one after another: once the last one's line is written, every earlier line has been too.
        await log.seen((line) => line.includes('GET /products/no-such-thing'));
        const written = log.lines.slice(start);
        assert.equal(written.length, 2, written.join('\n'));
        assert.match(written[0]!, new RegExp(`^${TIME} INFO: GET / 200 \\d+\\.\\d ms$`));
        assert.match(written[1]!, new RegExp(`^${TIME} INFO: GET /products/no-such-thing 404 \\d+\\.\\d ms$`));
      } finally {
        await app.close();
      }
    },
  );

  it('development with LOG_ASSETS=true: assets get their line too', { timeout: 60_000 }, async () => {
    const { app, log } = await shopLogging({ NODE_ENV: 'development', LOG_ASSETS: 'true' });
    try {
      const start = log.lines.length;
      assert.equal((await app.inject({ url: '/assets/kago.js' })).statusCode, 200);
      await log.seen((line) => line.includes('GET /assets/kago.js'));
      assert.deepEqual(
        log.lines.slice(start).map((line) => line.replace(/^\S+ /, '').replace(/[\d.]+ ms$/, 'N ms')),
        ['INFO: GET /assets/kago.js 200 N ms'],
      );
    } finally {
      await app.close();
    }
  });

  /** The JSON lines written since `start`, in the shape the tests compare. */
  const entriesFrom = (lines: string[], start: number) =>
    lines.slice(start).map((line) => {
      const entry = JSON.parse(line) as {
        level: number;
        msg: string;
        reqId: string;
        req?: { method: string; url: string };
        res?: { statusCode: number };
        responseTime?: number;
      };
      return [entry.level, entry.reqId, entry.msg, entry.req?.method, entry.req?.url, entry.res?.statusCode ?? null];
    });

  it(
    'production: one JSON line per request, written when it is answered, with its method, url, status, time and id',
    { timeout: 60_000 },
    async () => {
      const { app, log } = await shopLogging(PRODUCTION);
      try {
        const start = log.lines.length;
        const ids: string[] = [];
        for (const url of ['/', '/assets/kago.js', '/products/no-such-thing']) {
          const response = await app.inject({ url });
          assert.equal(response.statusCode, url.startsWith('/products/') ? 404 : 200);
          ids.push(String(response.headers['x-request-id']));
        }
        await log.seen((line) => line.includes('/products/no-such-thing'));
        assert.deepEqual(entriesFrom(log.lines, start), [
          [30, ids[0], 'request completed', 'GET', '/', 200],
          [30, ids[1], 'request completed', 'GET', '/assets/kago.js', 200],
          [30, ids[2], 'request completed', 'GET', '/products/no-such-thing', 404],
        ]);
        const times = log.lines
          .slice(start)
          .map((line) => (JSON.parse(line) as { responseTime: unknown }).responseTime);
        assert.ok(
          times.every((time) => typeof time === 'number' && time >= 0),
          String(times),
        );
      } finally {
        await app.close();
      }
    },
  );

  it("production at debug: each request's arrival is logged too, before its answer", { timeout: 60_000 }, async () => {
    const { app, log } = await shopLogging({ ...PRODUCTION, LOG_LEVEL: 'debug' });
    try {
      const start = log.lines.length;
      const response = await app.inject({ url: '/' });
      assert.equal(response.statusCode, 200);
      const id = String(response.headers['x-request-id']);
      await log.seen((line) => line.includes('"msg":"request completed"') && line.includes(id));
      assert.deepEqual(
        entriesFrom(log.lines, start).filter((entry) => entry[1] === id),
        [
          [20, id, 'incoming request', 'GET', '/', null],
          [30, id, 'request completed', 'GET', '/', 200],
        ],
      );
    } finally {
      await app.close();
    }
  });
});
