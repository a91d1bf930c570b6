/** The machine and code a run measured: CPU, cores, memory, Node, OS, date, kago's commit (and whether src/ differed from it). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './proc.js';

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  date: string;
  commit: string;
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): Machine {
  const head = git(['rev-parse', '--short', 'HEAD']);
  // A copy without .git (scripts/on-node24.sh) is told what it was copied from.
  if (head === undefined) return { ...describeRuntime(), commit: process.env.KAGO_SOURCE_COMMIT ?? 'unknown' };
  const changed = git(['status', '--porcelain', '--', 'src'])?.split('\n').filter(Boolean).length ?? 0;
  return {
    ...describeRuntime(),
    commit: changed ? `${head} + uncommitted changes in ${changed} file(s) under src/ (built as found)` : head,
  };
}

function describeRuntime(): Omit<Machine, 'commit'> {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
