/** Child processes for tests that run kago as a user would: the CLI, or the server started by `npm start`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtProgram } from './built.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `kago <args>` (src/cli.ts, built once: test/support/built.ts) to completion; `input`, when given, is piped to
 * its stdin (otherwise stdin is closed).
 */
export async function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Finished> {
  return run(process.execPath, [await builtProgram('cli'), ...args], env, input);
}

export function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Finished> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  return finished(child);
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes, or until `giveUp()` says there is no point. */
export async function waitForHttp(
  url: string,
  timeoutMs = 30_000,
  giveUp: () => boolean = () => false,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (giveUp()) throw new Error(`${url}: gave up waiting`, { cause: error });
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Pids of the live processes whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') children.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}
