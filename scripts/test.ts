/**
 * `npm test`: runs every test file with node:test. Node 20 does not expand globs, so the files are found here.
 * Starts one throwaway PostgreSQL and one Redis shared by all suites when installed, builds kago's programs once for
 * the suites that run them as processes, transforms the test files and sources once so node runs them without tsx,
 * and ends with a line for every group of suites that was skipped and why. With CI=true nothing is skipped: missing
 * pieces fail.
 *
 * `npm test -- test/import.test.ts` runs only the files given. `KAGO_TEST_CONCURRENCY=N` (or node's own
 * `--test-concurrency=N`) sets how many test files run at once. `KAGO_TEST_TIMES=<file>` records each file's wall and
 * CPU time in it (`npx tsx scripts/test-times.ts <file>` lists the slowest).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildFolder, buildPrograms, buildTests, builtTestFile } from '../test/support/built.js';
import { CHROMIUM, startSharedChromium } from '../test/support/chromium.js';
import { groupTestFiles } from '../test/support/test-groups.js';
import { inCI } from '../test/support/extras.js';
import { treeCpuSeconds } from '../test/support/process-cpu.js';
import { postgresUnavailableReason, startPostgres, type PostgresServer } from '../test/support/postgres.js';
import { redisUnavailableReason, startRedis, type RedisServer } from '../test/support/redis.js';

const root = path.resolve(import.meta.dirname, '..');

function findTests(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const nodeFlags = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const files = requested.length > 0 ? requested : longestFirst([...findTests('src'), ...findTests('test')]);

/**
 * The browser and process suites first: they take the longest (10-80 s each, against 1-5 s for most files). Started
 * in name order, one of them could start late and leave the run waiting on it with the other core idle.
 */
function longestFirst(found: string[]): string[] {
  const rank = (file: string) => (/^test\/e2e\//.test(file) ? 0 : /^test\/processes\//.test(file) ? 1 : 2);
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
// Only src/ and test/ are transformed for the run (test/support/built.ts).
const outside = files.filter(
  (file) => !/^(src|test)\/.+\.test\.tsx?$/.test(path.relative(root, path.resolve(root, file))),
);
if (outside.length > 0) {
  console.error(`npm test runs the *.test.ts files under src/ and test/, not: ${outside.join(', ')}`);
  process.exit(2);
}

/**
 * Test files run two at a time unless told otherwise, one per core of the 2-core machine: the suites start real
 * processes (shops, PostgreSQL, Redis, Chromium, nginx) and much of a file's time is spent waiting on them, which the
 * other file fills. On that machine shared with other test runs (load 15-22), the whole suite (1,125 tests) took
 * 34m05s one at a time, with 3 timing failures, and 17m01s two at a time, with none (docs/decisions/0014). Node's own
 * default (cores - 1) would change with the machine; this does not.
 */
const DEFAULT_CONCURRENCY = 2;
const concurrencyFlag = nodeFlags.some((flag) => flag.startsWith('--test-concurrency'))
  ? []
  : [`--test-concurrency=${testConcurrency(process.env.KAGO_TEST_CONCURRENCY)}`];

function testConcurrency(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CONCURRENCY;
  if (!/^[1-9][0-9]?$/.test(value)) {
    console.error(`KAGO_TEST_CONCURRENCY must be a whole number from 1 to 99 (test files run at once), not "${value}"`);
    process.exit(2);
  }
  return Number(value);
}

const skipped: string[] = [];
const pgReason = postgresUnavailableReason();
if (pgReason && !inCI) skipped.push(`PostgreSQL suites skipped: ${pgReason}`);
const redisReason = redisUnavailableReason();
if (redisReason && !inCI) skipped.push(`Redis suites skipped: ${redisReason}`);

// kago's programs built once for every suite that starts them as processes, and the test files and the sources they
// import transformed once, so that node runs them without tsx (test/support/built.ts). The project stays the working
// folder: the files found from it or from `import.meta.url` are the project's. The run's PostgreSQL, Redis and
// Chromium (one for every browser suite of the run, test/support/chromium.ts) start meanwhile: initdb alone takes
// about as long as the build. Without Chromium the browser suites skip or, in CI, fail, each saying why.
const build = buildFolder();
const wantsChromium =
  CHROMIUM && !process.env.KAGO_TEST_CHROMIUM && files.some((file) => /(^|\/)test\/e2e\//.test(file));
const starts = await Promise.allSettled([
  pgReason || process.env.KAGO_TEST_POSTGRES_URL ? undefined : startPostgres(),
  redisReason || process.env.KAGO_TEST_REDIS_URL ? undefined : startRedis(),
  wantsChromium ? startSharedChromium() : undefined,
  process.env.KAGO_TEST_BUILD ? undefined : buildPrograms(build),
  buildTests(build),
]);
const [postgres, redis, chromium] = [starts[0], starts[1], starts[2]].map((start) =>
  start.status === 'fulfilled' ? start.value : undefined,
) as [PostgresServer | undefined, RedisServer | undefined, Awaited<ReturnType<typeof startSharedChromium>> | undefined];
const failed = starts.find((start) => start.status === 'rejected');
if (failed) {
  // Stop what did start: PostgreSQL runs detached and would outlive the run.
  await stopServers().catch(() => undefined);
  throw failed.reason;
}
if (postgres) process.env.KAGO_TEST_POSTGRES_URL = postgres.socketUrl;
if (redis) process.env.KAGO_TEST_REDIS_URL = redis.url;
if (chromium) process.env.KAGO_TEST_CHROMIUM = chromium.endpoint;
process.env.KAGO_TEST_BUILD ||= build;
// Node 22.1 and later keep the compiled code of the modules a process loads there, so the next test file, shop or
// `kago` command of the run skips compiling them again (about 0.2 s of CPU each on Node 24); Node 20 ignores it.
process.env.NODE_COMPILE_CACHE ||= path.join(build, 'compile-cache');

// KAGO_TEST_TIMES=<file>: each test file's process appends its wall and CPU times to it (test/support/file-times.ts).
const timesFlag = process.env.KAGO_TEST_TIMES ? ['--import', builtTestFile(build, 'test/support/file-times.ts')] : [];

const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-reporter=spec',
    ...concurrencyFlag,
    ...timesFlag,
    ...nodeFlags,
    ...groupTestFiles(build, files),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);
async function stopServers(): Promise<void> {
  postgres?.stop();
  redis?.stop();
  await chromium?.close();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));

async function finish(code: number | null, signal: NodeJS.Signals | null): Promise<never> {
  recordServerTimes();
  await stopServers().catch((error: Error) => console.error(`stopping the run's servers: ${error.message}`));
  console.log(`\n${files.length} test files run.`);
  for (const line of skipped) console.log(line);
  process.exit(code ?? (signal ? 1 : 0));
}

child.on('exit', (code, signal) => void finish(code, signal));

/**
 * With KAGO_TEST_TIMES, the CPU of the servers every file shares, and of the whole run: this runner and all it
 * started (the build, the files, Chromium, Redis) and the PostgreSQL it started, which detaches from it.
 */
function recordServerTimes(): void {
  if (!process.env.KAGO_TEST_TIMES) return;
  const postgresPid = postgres?.pid();
  const servers = {
    chromium: chromium?.pid ? treeCpuSeconds(chromium.pid) : 0,
    postgresql: postgresPid ? treeCpuSeconds(postgresPid) : 0,
  };
  const lines = [
    ...Object.entries(servers).map(([server, cpu]) => ({ server, cpu })),
    { server: 'whole run', cpu: treeCpuSeconds(process.pid) + servers.postgresql },
  ];
  const text = lines.map((line) => JSON.stringify({ ...line, cpu: Number(line.cpu.toFixed(2)) }) + '\n').join('');
  appendFileSync(process.env.KAGO_TEST_TIMES, text);
}
