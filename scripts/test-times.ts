/**
 * Lists the slowest test files of a run made with `KAGO_TEST_TIMES=<file> npm test` (test/support/file-times.ts):
 * `npx tsx scripts/test-times.ts <file> [count]` prints the files by CPU time (their own and their child processes'),
 * with their wall times, and the run's totals: the files', the servers' they share and the whole run's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface FileTime {
  file: string;
  /** A group's test files (test/support/test-groups.ts). */
  members?: string[];
  wall: number;
  cpu: number;
  childCpu: number;
}

const [input, count = '15'] = process.argv.slice(2);
if (!input) {
  console.error('usage: npx tsx scripts/test-times.ts <times.jsonl> [count]');
  process.exit(2);
}
interface ServerTime {
  server: string;
  cpu: number;
}

const lines = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FileTime | ServerTime);
const times = lines.filter((line): line is FileTime => 'file' in line);
// The runner's own lines (scripts/test.ts): its build and the servers every file shares.
const servers = lines.filter((line): line is ServerTime => 'server' in line);
// Built runs name the file in the build folder: show it as the project's .ts file, and a group with its members.
const project = (file: string) => {
  const match = /(?:^|\/)((?:src|test)\/.*)$/.exec(file.split(path.sep).join('/'));
  return (match?.[1] ?? file).replace(/\.js$/, '.ts');
};
const name = (time: FileTime) =>
  time.members
    ? `${path.basename(time.file, '.test.js')} (${time.members.map((member) => path.basename(project(member), '.test.ts')).join(', ')})`
    : project(time.file);
const total = (time: FileTime) => time.cpu + time.childCpu;
const sum = (pick: (time: FileTime) => number) => times.reduce((acc, time) => acc + pick(time), 0).toFixed(1);

console.log('| file | wall s | CPU s (own + children) |');
console.log('|---|---:|---:|');
for (const time of [...times].sort((a, b) => total(b) - total(a)).slice(0, Number(count))) {
  console.log(
    `| ${name(time)} | ${time.wall.toFixed(1)} | ${total(time).toFixed(1)} (${time.cpu} + ${time.childCpu}) |`,
  );
}
console.log(
  `\n${times.length} test processes: ${sum((time) => time.wall)} s of wall time, ${sum(total)} s of CPU ` +
    `(${sum((time) => time.cpu)} own + ${sum((time) => time.childCpu)} children)`,
);
// The runner's lines: the shared servers' CPU and the whole run's; the rest is the runner, its build and Redis.
const whole = servers.find((server) => server.server === 'whole run');
if (whole) {
  const shared = servers.filter((server) => server !== whole);
  const rest = shared.reduce((acc, server) => acc - server.cpu, whole.cpu - Number(sum(total)));
  const parts = [
    ...shared.map((server) => `${server.server} ${server.cpu.toFixed(1)} s`),
    `the rest ${rest.toFixed(1)} s`,
  ];
  console.log(`The whole run: ${whole.cpu.toFixed(1)} s of CPU; beside the files: ${parts.join(', ')}.`);
}
