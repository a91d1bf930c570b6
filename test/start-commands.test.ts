/**
 * Every way the project starts kago runs Node with the same flags as package.json's `start:prod` (on Node 24 the
 * young generation flag keeps the server's CPU per answer and memory where they were measured, ADR 0005): the npm
 * scripts, and each `node ... dist/` command docs/deploy.md and the README give.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const FLAGS = /^node (.*?) ?dist\/main\.js$/.exec(scripts['start:prod']!)?.[1] ?? '';

describe('start commands', () => {
  it('start:prod runs node with flags', () => {
    assert.match(FLAGS, /^--max-semi-space-size=\d+$/);
  });

  it('the npm scripts that start kago or its CLI run node with the same flags', () => {
    for (const name of ['start', 'kago']) assert.ok(scripts[name]!.startsWith(`node ${FLAGS} `), name);
  });

  it("the deploy guide's and the README's server and import commands run node with the same flags", () => {
    const commands = ['docs/deploy.md', 'README.md'].flatMap((file) =>
      [...read(file).matchAll(/(?:\/usr\/bin\/)?node\b[^`\n]*dist\/(?:main\.js|cli\.js import)/g)].map((found) => [
        file,
        found[0],
      ]),
    );
    assert.ok(commands.length >= 4, `found ${commands.length} commands`);
    for (const [file, command] of commands) assert.ok(command!.includes(` ${FLAGS} `), `${file}: ${command}`);
  });
});
