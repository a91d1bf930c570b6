/**
 * Loaded into every test file's process when `npm test` is given `KAGO_TEST_TIMES=<file>`: on exit, appends one JSON
 * line with the test file, its wall time and its CPU time (its own, and that of the processes it started and reaped:
 * shops, CLI commands, workers, Chromium), so the suite's slow files can be listed (`scripts/test-times.ts`).
 */
import { appendFileSync, readFileSync } from 'node:fs';

const out = process.env.KAGO_TEST_TIMES;
const file = process.argv[1];

if (out && file && /\.test\.[jt]sx?$/.test(file)) {
  process.on('exit', () => {
    // /proc/self/stat fields 14-17: utime, stime, cutime, cstime in clock ticks (100 a second on Linux).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (index: number) => Number(fields[index - 3]) / 100;
    // A group of test files (test/support/test-groups.ts: groups/group-NN.test.js) imports its members.
    const members = /\/groups\/group-\d+\.test\.js$/.test(file)
      ? [...readFileSync(file, 'utf8').matchAll(/^import "(.+)";$/gm)].map((match) => match[1])
      : [];
    const line = {
      file,
      ...(members.length > 0 ? { members } : {}),
      wall: Number(process.uptime().toFixed(2)),
      cpu: Number((ticks(14) + ticks(15)).toFixed(2)),
      childCpu: Number((ticks(16) + ticks(17)).toFixed(2)),
    };
    appendFileSync(out, JSON.stringify(line) + '\n');
  });
}
