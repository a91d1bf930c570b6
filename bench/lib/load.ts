/**
 * One measurement: wrk when it is installed (lib/wrk.ts), else autocannon (programmatic API, in this process),
 * with 64 connections, a warm-up run, then the measured window, while the server's memory is sampled. Requests/s is completed requests / window length;
 * latencies are autocannon's (all responses, whatever their status); "bad" is every answer that is neither
 * 2xx nor 3xx, plus connection errors and timeouts. The client honours `Connection: close` as a browser does
 * (gunicorn's sync workers close after every response; autocannon alone would write the next request into the
 * closing socket, count an ECONNRESET and misattribute latencies).
 */
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { countCpu } from './cpu.js';
import { sampleRss } from './rss.js';
import type { Server } from './servers.js';
import { runWrk, wrkBinary, type WrkPlan } from './wrk.js';

export const CONNECTIONS = 64;

export interface Timing {
  warmupSeconds: number;
  seconds: number;
}

export interface LoadSpec {
  /** Path for a plain request (`/`), or `requests` for per-request setup. */
  path?: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  requests?: RequestSpec[];
  /** Connections kept busy; CONNECTIONS unless a scenario's target names another (finding: 16). */
  connections?: number;
  /** The same requests as data, for wrk (lib/requests.ts builds both). */
  wrk?: WrkPlan;
}

/** The load generator this run uses: `wrk` when installed, `autocannon` otherwise. */
export function loadGenerator(): 'wrk' | 'autocannon' {
  return wrkBinary() ? 'wrk' : 'autocannon';
}

/** A plain GET of `path` with these headers, for both generators. */
export function getPath(path: string, headers?: Record<string, string>): LoadSpec {
  return {
    path,
    ...(headers ? { headers } : {}),
    wrk: { method: 'GET', paths: [path], ...(headers ? { headers } : {}) },
  };
}

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  /** Answers neither 2xx nor 3xx, plus connection errors and timeouts: must be 0. */
  bad: number;
  requests: number;
  errors: number;
  timeouts: number;
  /** Count per status code, e.g. { '303': 12000 }. */
  statuses: Record<string, number>;
  /** Peak resident memory of the server's process tree while the scenario ran, in bytes. */
  peakRss: number;
  /** Microseconds of the server's CPU (its process tree) per answer in the measured window (lib/cpu.ts). */
  cpuPerAnswer: number;
  seconds: number;
}

interface AutocannonClient {
  on(event: 'headers', listener: (info: { shouldKeepAlive?: boolean }) => void): void;
  _doRequest(...args: unknown[]): unknown;
  _destroyConnection(): void;
  _connect(): void;
}

/**
 * After a response that closes the connection, the next request goes on a new connection. Patches autocannon 9's
 * client internals (`_doRequest`, `_destroyConnection`, `_connect`); keep-alive responses are untouched.
 */
function honourConnectionClose(client: AutocannonClient): void {
  let mustReconnect = false;
  client.on('headers', (info) => {
    mustReconnect = info.shouldKeepAlive === false;
  });
  const doRequest = client._doRequest;
  client._doRequest = function (this: AutocannonClient, ...args: unknown[]) {
    if (!mustReconnect) return doRequest.apply(this, args);
    mustReconnect = false;
    this._destroyConnection();
    this._connect(); // sends the next request itself
    return undefined;
  };
}

function once(server: Server, spec: LoadSpec, seconds: number): Promise<Result> {
  const instance = autocannon({
    url: `${server.url}${spec.path ?? '/'}`,
    connections: spec.connections ?? CONNECTIONS,
    duration: seconds,
    timeout: 10,
    method: spec.method ?? 'GET',
    setupClient: honourConnectionClose,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.requests ? { requests: spec.requests } : {}),
  });
  return Promise.resolve(instance);
}

async function measureWithWrk(
  server: Server,
  plan: WrkPlan,
  timing: Timing,
  connections: number,
): Promise<Measurement> {
  const rss = sampleRss(server.proc.pid);
  try {
    if (timing.warmupSeconds > 0) await runWrk(server.url, plan, connections, timing.warmupSeconds);
    const cpu = countCpu(server.proc.pid);
    const result = await runWrk(server.url, plan, connections, timing.seconds);
    const cpuPerAnswer = cpu.stop(result.requests);
    const peakRss = rss.stop();
    const good = result.requests - result.status;
    return {
      rps: result.requests / result.seconds,
      p50: result.p50,
      p99: result.p99,
      bad: result.status + result.errors,
      requests: result.requests,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: { ...(good ? { '2xx/3xx': good } : {}), ...(result.status ? { '4xx/5xx': result.status } : {}) },
      peakRss,
      cpuPerAnswer,
      seconds: result.seconds,
    };
  } finally {
    rss.stop();
  }
}

/** Warm-up (not counted), then the measured window. Memory is sampled through both. */
export async function measure(server: Server, spec: LoadSpec, timing: Timing): Promise<Measurement> {
  if (spec.wrk && wrkBinary()) return measureWithWrk(server, spec.wrk, timing, spec.connections ?? CONNECTIONS);
  const rss = sampleRss(server.proc.pid);
  try {
    if (timing.warmupSeconds > 0) await once(server, spec, timing.warmupSeconds);
    const cpu = countCpu(server.proc.pid);
    const result = await once(server, spec, timing.seconds);
    const peakRss = rss.stop();
    const completed = result.requests.total;
    const cpuPerAnswer = cpu.stop(completed);
    const statuses = Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
    );
    return {
      rps: completed / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      bad: result['1xx'] + result['4xx'] + result['5xx'] + result.errors,
      requests: completed,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses,
      peakRss,
      cpuPerAnswer,
      seconds: result.duration,
    };
  } finally {
    rss.stop();
  }
}

/** `303×12000 404×3` */
export function formatStatuses(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
}
