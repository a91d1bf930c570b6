/**
 * `npm test`: runs every test file with node:test. Node 20 does not expand globs, so the files are found here.
 * Starts one throwaway PostgreSQL and one Redis shared by all suites when installed, and ends with a line
 * for every group of suites that was skipped and why. With CI=true nothing is skipped: missing pieces fail.
 *
 * `npm test -- test/import.test.ts` runs only the files given.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { inCI } from '../test/support/extras.js';
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
const files = requested.length > 0 ? requested : [...findTests('src'), ...findTests('test')];

const skipped: string[] = [];
let postgres: PostgresServer | undefined;
const pgReason = postgresUnavailableReason();
if (pgReason) {
  if (!inCI) skipped.push(`PostgreSQL suites skipped: ${pgReason}`);
} else if (!process.env.KAGO_TEST_POSTGRES_URL) {
  postgres = await startPostgres();
  process.env.KAGO_TEST_POSTGRES_URL = postgres.url;
}
let redis: RedisServer | undefined;
const redisReason = redisUnavailableReason();
if (redisReason) {
  if (!inCI) skipped.push(`Redis suites skipped: ${redisReason}`);
} else if (!process.env.KAGO_TEST_REDIS_URL) {
  redis = await startRedis();
  process.env.KAGO_TEST_REDIS_URL = redis.url;
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...nodeFlags, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
const stopServers = () => {
  postgres?.stop();
  redis?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));

child.on('exit', (code, signal) => {
  stopServers();
  console.log(`\n${files.length} test files run.`);
  for (const line of skipped) console.log(line);
  process.exit(code ?? (signal ? 1 : 0));
});
