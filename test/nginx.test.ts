/**
 * kago behind Debian's nginx, configured by the committed deploy/nginx.conf (only ports, paths and the host name
 * substituted): TLS and the HTTP redirect, the Secure `__Host-` session cookie, client IPs for rate limits through
 * X-Forwarded-For (and a spoofed one ignored), cross-origin refusals, request ids, health checks, static assets.
 *
 * The shop runs as a child process (SQLite in a temp dir, the demo catalog) with BASE_URL=https://localhost:<port>
 * and TRUST_PROXY=127.0.0.1: nginx's own address towards kago. Not `loopback`, here: the test's "clients" connect
 * from 127.0.0.2 and 127.0.0.3, which `loopback` would trust as proxies too, letting them forward any address.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { skipUnlessAvailable } from './support/extras.js';
import { headerCount } from './support/http.js';
import {
  http2Get,
  httpClient,
  httpsClient,
  makeCertificate,
  nginxUnavailableReason,
  startNginx,
  type Answer,
  type Nginx,
  type RequestOptions,
} from './support/nginx.js';
import { freePort } from './support/postgres.js';
import { startShopProcess, type ShopProcess } from './support/shop-process.js';

const HOST_NAME = 'localhost';

/** Distinct free ports (freePort closes its socket, so two calls may return the same one). */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function setCookies(answer: Answer): string[] {
  const header = answer.headers['set-cookie'];
  return Array.isArray(header) ? header : header ? [header] : [];
}

describe(
  'kago behind nginx, configured by deploy/nginx.conf',
  { skip: skipUnlessAvailable(nginxUnavailableReason()) },
  () => {
    let dir: string;
    let kago: ShopProcess | undefined;
    let nginx: Nginx | undefined;
    let origin: string;
    let shop: (options: RequestOptions) => Promise<Answer>;
    let plain: (options: RequestOptions) => Promise<Answer>;
    let ca: string;
    let httpsPort: number;
    let productId: string;

    /** A form post to add one of the product, as a browser sends it from the product page. */
    const addToCart = (localAddress: string, headers: Record<string, string> = {}) =>
      shop({
        method: 'POST',
        path: `/cart/${productId}`,
        localAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin,
          'sec-fetch-site': 'same-origin',
          referer: `${origin}/products/${productId}`,
          ...headers,
        },
        body: 'quantity=1',
      });

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'kago-nginx-'));
      chmodSync(dir, 0o755); // nginx's workers (www-data when the test runs as root) use temp dirs in it
      const [kagoPort, httpPort, tlsPort] = (await freePorts(3)) as [number, number, number];
      httpsPort = tlsPort;
      origin = `https://${HOST_NAME}:${httpsPort}`;
      const { cert, key } = makeCertificate(dir, HOST_NAME);
      ca = readFileSync(cert, 'utf8');

      // The test reads requests from kago's JSON log lines (startShopProcess's LOG_FORMAT).
      kago = await startShopProcess({
        PORT: String(kagoPort),
        DEMO_CATALOG: 'true',
        BASE_URL: origin,
        TRUST_PROXY: '127.0.0.1',
        RATE_LIMIT_CART: '3/1m',
        LOG_LEVEL: 'info',
      });

      nginx = await startNginx({
        httpPort,
        httpsPort,
        upstream: `127.0.0.1:${kagoPort}`,
        hostName: HOST_NAME,
        cert,
        key,
        dir,
      });
      shop = httpsClient(httpsPort, HOST_NAME, ca);
      plain = httpClient(httpPort, HOST_NAME);

      const home = await shop({ path: '/' });
      assert.equal(home.status, 200, nginx.errors());
      productId =
        /data-product-id="(prod_[A-Za-z0-9]+)"/.exec(home.body)?.[1] ??
        assert.fail('no add-to-cart form on the home page');
    });

    after(async () => {
      await nginx?.stop();
      kago?.signal('SIGTERM');
      const exit = await kago?.exited;
      const output = kago?.output();
      await kago?.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (exit) assert.equal(exit.code, 0, `kago did not stop cleanly:\n${output}`);
    });

    it('serves the shop over HTTPS with the certificate, with HSTS and a request id from nginx', async () => {
      const home = await shop({ path: '/', headers: { 'x-request-id': 'chosen-by-the-client' } });
      assert.equal(home.status, 200);
      assert.match(home.body, /Tenugui hand towel/);
      assert.match(String(home.headers['strict-transport-security']), /max-age=\d+/, 'HSTS, since BASE_URL is https');
      // nginx replaces whatever the client sent with its $request_id, which kago adopts and echoes.
      const requestId = home.headers['x-request-id'] as string;
      assert.match(requestId, /^[0-9a-f]{32}$/);
      await waitFor(
        () => nginx!.accessLog().includes(`"request_id":"${requestId}"`) || undefined,
        "the same id in nginx's access log",
      );
      assert.equal(setCookies(home).length, 0, 'browsing sets no cookie');
    });

    it('redirects plain HTTP to HTTPS, keeping path and query; other host names get no answer', async () => {
      const answer = await plain({ path: '/cart?from=mail' });
      assert.equal(answer.status, 301);
      assert.equal(answer.headers.location, `https://${HOST_NAME}/cart?from=mail`);
      await assert.rejects(plain({ path: '/', headers: { host: 'evil.example' } }), /socket hang up|ECONNRESET/);
      await assert.rejects(
        httpsClient(httpsPort, 'evil.example', ca)({ path: '/' }),
        /alert|handshake|ECONNRESET|socket/i,
      );
    });

    it('adding to the cart sets __Host-kago_session (Secure, HttpOnly, SameSite=Lax, Path=/), and the cookie works next time', async () => {
      const added = await addToCart('127.0.0.4');
      assert.equal(added.status, 303, added.body);
      assert.equal(
        added.headers.location,
        `/products/${productId}?added=${productId}#product-${productId}`,
        'back to the page it came from: Host and Referer agree through nginx',
      );
      const [cookieLine, ...others] = setCookies(added);
      assert.equal(others.length, 0);
      assert.ok(cookieLine, 'a session cookie');
      const [pair, ...attributes] = cookieLine.split(/;\s*/);
      assert.match(pair!, /^__Host-kago_session=[^;]+$/);
      const flags = attributes.map((attribute) => attribute.toLowerCase());
      for (const expected of ['secure', 'httponly', 'samesite=lax', 'path=/'])
        assert.ok(flags.includes(expected), `${expected} in ${cookieLine}`);
      assert.ok(!flags.some((flag) => flag.startsWith('domain=')), '__Host- cookies carry no Domain');

      const withCookie = await shop({ path: '/', localAddress: '127.0.0.4', headers: { cookie: pair! } });
      assert.equal(headerCount(withCookie.body), 1);
      assert.equal(headerCount((await shop({ path: '/', localAddress: '127.0.0.4' })).body), 0, 'no cookie, no cart');

      const overHttp2 = await http2Get(httpsPort, HOST_NAME, ca, '/', { cookie: pair! });
      assert.equal(overHttp2.alpn, 'h2');
      assert.equal(overHttp2.status, 200);
      assert.equal(headerCount(overHttp2.body), 1, 'the same over HTTP/2');
    });

    it('rate limits each client by its own address, and a spoofed X-Forwarded-For does not escape the limit', async () => {
      for (let add = 1; add <= 3; add += 1)
        assert.equal((await addToCart('127.0.0.2')).status, 303, `add ${add} from 127.0.0.2`);
      const limited = await addToCart('127.0.0.2');
      assert.equal(limited.status, 429);
      assert.match(limited.headers['retry-after'] as string, /^[1-9][0-9]*$/);
      assert.match(limited.body, /Too many requests/);

      assert.equal((await addToCart('127.0.0.3')).status, 303, 'another client is still allowed');

      const spoofed = await addToCart('127.0.0.2', { 'x-forwarded-for': '203.0.113.1' });
      assert.equal(spoofed.status, 429, 'X-Forwarded-For sent by the client is not believed');
      assert.equal((await shop({ path: '/cart', localAddress: '127.0.0.2' })).status, 200, 'reads are not limited');

      // kago logged the spoofing request with the address nginx saw, under the id nginx gave it.
      const requestId = spoofed.headers['x-request-id'] as string;
      const logged = await waitFor(
        () =>
          kago!
            .output()
            .split('\n')
            .slice(0, -1) // complete lines only: the last may still be arriving
            .filter((line) => line.includes(requestId))
            .map((line) => JSON.parse(line) as { reqId: string; req?: { remoteAddress: string } })
            .find((entry) => entry.req),
        "the request in kago's log",
      );
      assert.equal(logged.reqId, requestId);
      assert.equal(logged.req!.remoteAddress, '127.0.0.2');
      // nginx writes its access log line after the answer is sent.
      const access = await waitFor(
        () =>
          nginx!
            .accessLog()
            .split('\n')
            .slice(0, -1)
            .find((line) => line.includes(requestId)),
        "the request in nginx's access log",
      );
      assert.equal((JSON.parse(access) as { remote_addr: string; status: number }).remote_addr, '127.0.0.2');
    });

    it('refuses cross-origin posts through the proxy (403), and sets no cookie', async () => {
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example' }, // an older browser: Origin only
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: `https://www.${HOST_NAME}:${httpsPort}` }, // a sibling host is another origin
      ];
      for (const sent of attempts) {
        const refused = await shop({
          method: 'POST',
          path: `/cart/${productId}`,
          localAddress: '127.0.0.5',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...sent },
          body: 'quantity=1',
        });
        assert.equal(refused.status, 403, JSON.stringify(sent));
        assert.equal(setCookies(refused).length, 0);
      }
    });

    it('answers /readyz to the machine itself, not to the world; /healthz to anyone', async () => {
      const ready = await shop({ path: '/readyz' });
      assert.equal(ready.status, 200);
      assert.deepEqual(JSON.parse(ready.body), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
      assert.equal((await shop({ path: '/readyz', localAddress: '127.0.0.2' })).status, 403);
      assert.equal((await shop({ path: '/healthz', localAddress: '127.0.0.2' })).status, 200);
    });

    it('passes the long-lived cache headers of /assets/ through, compressed', async () => {
      const home = await shop({ path: '/' });
      const assets = [...home.body.matchAll(/(?:href|src)="(\/assets\/kago\.(?:css|js)\?v=[0-9a-f]+)"/g)].map(
        (match) => match[1]!,
      );
      assert.equal(assets.length, 2, 'the stylesheet and the script');
      for (const asset of assets) {
        const answer = await shop({ path: asset, headers: { 'accept-encoding': 'gzip' } });
        assert.equal(answer.status, 200, asset);
        assert.match(answer.headers['cache-control'] as string, /max-age=31536000/);
        assert.match(answer.headers['cache-control'] as string, /immutable/);
        assert.equal(answer.headers['content-encoding'], 'gzip', asset);
      }
    });

    it('refuses a body over 1 MiB at the proxy (413)', async () => {
      const big = await shop({
        method: 'POST',
        path: '/cart/add.js',
        localAddress: '127.0.0.6',
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(1024 * 1024 + 1, 0x20),
      });
      assert.equal(big.status, 413);
    });
  },
);

/** Polls `find` until it returns something (logs are written after the answer is sent); fails after 3 s. */
async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`${what}: not found within 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
