/**
 * Debian's nginx in front of a test shop, configured by the committed deploy/nginx.conf: the file is rendered
 * with a few explicit substitutions (ports, paths, host name; each must match, so a change to the file that breaks
 * one fails loudly) and run in the foreground under a temp prefix. Plus a self-signed certificate made with
 * openssl, and an HTTPS client that can choose its loopback source address.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { connect } from 'node:net';
import path from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { findExecutable } from './extras.js';
import { ROOT } from './processes.js';

export const NGINX_CONF = path.join(ROOT, 'deploy/nginx.conf');

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];

/** Why nginx cannot run here, or undefined when it can. */
export function nginxUnavailableReason(): string | undefined {
  // Clients connect from 127.0.0.2, 127.0.0.3, ...: all of 127.0.0.0/8 is local on Linux, not on macOS or Windows.
  if (process.platform !== 'linux')
    return 'the nginx suite needs Linux (clients connect from several loopback addresses)';
  if (!findExecutable('nginx', SBIN)) return 'nginx not found; install with: apt-get install nginx';
  if (!findExecutable('openssl')) return 'openssl not found; install with: apt-get install openssl';
  return undefined;
}

/** A self-signed certificate for `hostName` (also its subjectAltName), valid for a day, in `dir`. */
export function makeCertificate(dir: string, hostName: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  args.push('-subj', `/CN=${hostName}`, '-addext', `subjectAltName=DNS:${hostName}`, '-keyout', key, '-out', cert);
  const result = spawnSync(findExecutable('openssl')!, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { cert, key };
}

export interface RenderOptions {
  /** Replaces `listen 80` (and `listen 443`) in every server: loopback only, on these ports. */
  httpPort: number;
  httpsPort: number;
  /** Replaces `127.0.0.1:3000` in `upstream kago`. */
  upstream: string;
  /** Replaces `shop.example` (server_name, the redirect). */
  hostName: string;
  cert: string;
  key: string;
  /** Logs (instead of /var/log/nginx/) and nginx's temp files go under it. */
  dir: string;
}

/** `template` with `from` replaced by `to` everywhere; throws when `from` does not occur. */
function substitute(template: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? template.includes(from) : from.test(template);
  if (!found) throw new Error(`deploy/nginx.conf no longer contains ${String(from)}: update test/support/nginx.ts`);
  return typeof from === 'string' ? template.replaceAll(from, to) : template.replace(from, to);
}

/**
 * The committed config with test ports and paths. Nothing else changes: every directive a person would deploy is
 * what the test runs. IPv6 listens are dropped (containers often have no ::1), and the http block gets temp paths
 * under `dir` so nginx writes nothing outside it.
 */
export function renderNginxConf(template: string, options: RenderOptions): string {
  const { dir } = options;
  let conf = template;
  conf = substitute(conf, '/etc/letsencrypt/live/shop.example/fullchain.pem', options.cert);
  conf = substitute(conf, '/etc/letsencrypt/live/shop.example/privkey.pem', options.key);
  conf = substitute(conf, '/var/log/nginx/', `${dir}/logs/`);
  conf = substitute(conf, /^[ \t]*listen \[::\]:.*\n/gm, '');
  conf = substitute(conf, /^([ \t]*)listen 80\b/gm, `$1listen 127.0.0.1:${options.httpPort}`);
  conf = substitute(conf, /^([ \t]*)listen 443\b/gm, `$1listen 127.0.0.1:${options.httpsPort}`);
  conf = substitute(conf, /^([ \t]*server )127\.0\.0\.1:3000;/m, `$1${options.upstream};`);
  conf = substitute(conf, 'shop.example', options.hostName);
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `    ${name}_temp_path ${dir}/temp/${name};\n`)
    .join('');
  conf = substitute(conf, /^http \{\n/m, `http {\n${temps}`);
  return conf;
}

export interface Nginx {
  /** Its error log so far (for failure messages). */
  errors(): string;
  /** The access log (JSON lines, log_format kago). */
  accessLog(): string;
  stop(): Promise<void>;
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; rejects after `timeoutMs`. */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  failed: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    const why = failed();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Writes the rendered config to `dir`/nginx.conf, checks it with `nginx -t`, and runs nginx in the foreground with
 * `dir` as its prefix. `dir` must be readable by nginx's workers (www-data when started as root).
 */
export async function startNginx(options: RenderOptions): Promise<Nginx> {
  const nginx = findExecutable('nginx', SBIN)!;
  const { dir } = options;
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, renderNginxConf(readFileSync(NGINX_CONF, 'utf8'), options));
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const globals = `daemon off; pid ${dir}/nginx.pid;`;
  const check = spawnSync(nginx, ['-t', '-q', '-p', `${dir}/`, '-c', conf, '-g', globals], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t rejects the rendered deploy/nginx.conf:\n${check.stderr}`);

  const child: ChildProcess = spawn(nginx, ['-p', `${dir}/`, '-c', conf, '-g', globals], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const read = (file: string) => {
    try {
      return readFileSync(path.join(dir, 'logs', file), 'utf8');
    } catch {
      return '';
    }
  };
  const errors = () => `${output}${read('error.log')}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // fast shutdown: the master stops its workers, then exits
      await exited;
    }
  };
  try {
    const failed = () => (child.exitCode !== null ? `nginx exited (${child.exitCode}):\n${errors()}` : undefined);
    await waitForPort(options.httpsPort, 10_000, failed);
    await waitForPort(options.httpPort, 10_000, failed);
  } catch (error) {
    await stop();
    throw error;
  }
  return { errors, accessLog: () => read('kago-access.log'), stop };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The loopback address the connection comes from (127.0.0.2, ...): nginx's $remote_addr. */
  localAddress?: string;
}

/** Sends one request over a fresh connection to 127.0.0.1:`port` and reads the whole answer. */
function send(
  module: typeof http | typeof https,
  port: number,
  options: RequestOptions,
  tls: https.RequestOptions = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = module.request(
      {
        ...tls,
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * An HTTPS client for the test's nginx: connects to 127.0.0.1 but says `hostName` (SNI and Host, with the port,
 * as a browser does), and verifies the server's certificate against `ca`.
 */
export function httpsClient(port: number, hostName: string, ca: string) {
  return (options: RequestOptions): Promise<Answer> =>
    send(
      https,
      port,
      { ...options, headers: { host: `${hostName}:${port}`, ...options.headers } },
      { servername: hostName, ca },
    );
}

/** A plain-HTTP request to 127.0.0.1:`port` (Host as given, default the port-less `hostName`). */
export function httpClient(port: number, hostName: string) {
  return (options: RequestOptions): Promise<Answer> =>
    send(http, port, { ...options, headers: { host: hostName, ...options.headers } });
}

/** One GET over HTTP/2 (ALPN h2) to 127.0.0.1:`port`, saying `hostName` in SNI and :authority. */
export async function http2Get(
  port: number,
  hostName: string,
  ca: string,
  requestPath: string,
  headers: Record<string, string> = {},
): Promise<Answer & { alpn: string | false }> {
  const session = http2.connect(`https://${hostName}:${port}`, {
    createConnection: () => tlsConnect({ host: '127.0.0.1', port, servername: hostName, ca, ALPNProtocols: ['h2'] }),
  });
  try {
    return await new Promise((resolve, reject) => {
      session.once('error', reject);
      const stream = session.request({ ':method': 'GET', ':path': requestPath, ...headers });
      const chunks: Buffer[] = [];
      let responseHeaders: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {};
      stream.once('response', (received) => (responseHeaders = received));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', reject);
      stream.once('end', () => {
        const { ':status': status, ...rest } = responseHeaders;
        const alpn = (session.socket as TLSSocket).alpnProtocol ?? false;
        resolve({
          status: status ?? 0,
          headers: rest as http.IncomingHttpHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
          alpn,
        });
      });
    });
  } finally {
    session.close();
  }
}
