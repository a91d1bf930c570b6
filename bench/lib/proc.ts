/**
 * Child processes of the harness: spawn a server, wait until it answers HTTP, stop it (SIGTERM, then SIGKILL),
 * run a command to the end. Every process started here is stopped when the harness exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ -> ../../). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Running {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last few KB of the process's stderr and stdout, for error messages. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const running = new Set<Running>();

function killAllNow(): void {
  for (const proc of running) {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAllNow);

const TAIL_BYTES = 4000;

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Running {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const proc: Running = {
    name,
    pid: child.pid,
    child,
    output: () => tail.trim(),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        running.delete(proc);
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      running.delete(proc);
    },
  };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

/** Stops every process still running (end of run, or an interrupted run). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop()));
}

/** Polls `url` until it answers with any status; fails early, with the process's output, if the process exits. */
export async function waitForHttp(proc: Running, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void proc.exited.then((code) => (exitedWith = code));
  for (;;) {
    if (exitedWith !== undefined)
      throw new Error(`${proc.name} exited (${exitedWith}) before answering ${url}:\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
      await sleep(100);
    }
  }
}

export interface Finished {
  code: number | string;
  output: string;
}

/** Runs a command to the end, collecting its output (stdout and stderr interleaved). */
export async function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  let output = '';
  const proc = startProcess(name, command, args, options);
  proc.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  proc.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await proc.exited;
  return { code, output };
}

/** A free TCP port on 127.0.0.1: the test suites' helper. */
export { freePort } from '../../test/support/postgres.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
