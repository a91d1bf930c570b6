/**
 * `npm test` runs most test files several to a process (scripts/test.ts). Each node:test file gets a process of its
 * own, and starting one, loading the bundled sources into it and compiling them cost about half a second of CPU
 * before its first test: a third of the suite's CPU on the 2-core machine was that, 136 times. A group is a file in
 * the build folder that imports its members, so their tests run one file after the other in one process, as they
 * would alone (each file's suites, hooks and shops are its own; module caches such as the migrated template
 * database are shared, which is what saves the time).
 *
 * Left alone: the browser and process suites (they run for 10-80 s each and start their own processes anyway),
 * `quickstart` (it runs the README's `npm start`), and files that change their process for everything in it
 * (`ALONE`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtTestFile } from './built.js';

/** Files per group: small enough that the two runners share the work evenly, large enough to save the starts. */
const GROUP_SIZE = 10;

/** Files that change their process (environment, exit handlers) for whatever else would run in it. */
const ALONE = new Set(['test/admin-import.test.ts', 'test/quickstart.test.ts']);

/** Whether `file` (relative to the project) can share a process: unit tests in src/ and the suites in test/. */
export function groupable(file: string): boolean {
  return !ALONE.has(file) && (/^src\/.+\.test\.tsx?$/.test(file) || /^test\/[^/]+\.test\.tsx?$/.test(file));
}

/** The built files to run for `files`: each group's file, then the files that run alone, in the given order. */
export function groupTestFiles(build: string, files: readonly string[]): string[] {
  const grouped = files.filter(groupable);
  if (grouped.length < 2) return files.map((file) => builtTestFile(build, file));
  const dir = path.join(build, 'groups');
  mkdirSync(dir, { recursive: true });
  const groups: string[] = [];
  for (let start = 0; start < grouped.length; start += GROUP_SIZE) {
    const members = grouped.slice(start, start + GROUP_SIZE);
    const group = path.join(dir, `group-${String(groups.length + 1).padStart(2, '0')}.test.js`);
    const imports = members.map((file) => `import ${JSON.stringify(builtTestFile(build, file))};`);
    writeFileSync(group, `// Test files run in one process (test/support/test-groups.ts).\n${imports.join('\n')}\n`);
    groups.push(group);
  }
  return [...files.filter((file) => !groupable(file)).map((file) => builtTestFile(build, file)), ...groups];
}
