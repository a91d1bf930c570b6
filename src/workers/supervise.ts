/**
 * The first process with WORKERS > 1: starts N server processes (node:cluster: they share the port), replaces any
 * that ends (with backoff, see restart-policy.ts), gives up with exit code 1 on a crash loop, and on SIGTERM/SIGINT
 * passes the signal on and exits 0 once every worker has stopped.
 */
import cluster, { type Worker } from 'node:cluster';
import { createRestartPolicy, type RestartPolicy } from './restart-policy.js';

export interface SuperviseOptions {
  workers: number;
  shutdownTimeoutMs: number;
  policy?: RestartPolicy;
}

export function supervise({ workers, shutdownTimeoutMs, policy = createRestartPolicy() }: SuperviseOptions): void {
  /** Set once the primary is on its way out: 0 after a signal, 1 after a crash loop. */
  let exitCode: number | undefined;
  const pending = new Set<NodeJS.Timeout>();
  const alive = () => Object.keys(cluster.workers ?? {}).length;
  const fork = () => {
    const worker = cluster.fork();
    policy.started(worker.id, Date.now());
  };
  /** Stops every worker with `signal`, then exits with `code` (1 if they do not stop in time). */
  const stopAll = (code: number, signal: NodeJS.Signals) => {
    exitCode = code;
    for (const timer of pending) clearTimeout(timer);
    if (alive() === 0) process.exit(code);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), shutdownTimeoutMs + 2000).unref();
  };
  cluster.on('listening', (worker: Worker) => policy.listening(worker.id, Date.now()));
  cluster.on('exit', (worker, code, signal) => {
    if (exitCode !== undefined) {
      if (alive() === 0) process.exit(exitCode);
      return;
    }
    const how = signal ?? `exit ${code}`;
    const decision = policy.exited(worker.id, Date.now(), how);
    if ('giveUp' in decision) {
      console.error(`kago: ${decision.giveUp}; stopping. The workers' errors are above.`);
      return stopAll(1, 'SIGTERM');
    }
    console.error(`kago: worker ${worker.process.pid} ended (${how}); starting another in ${decision.restartInMs} ms`);
    // Not unref'd: with every worker gone this timer is what keeps the primary (and so the shop) alive.
    const timer = setTimeout(() => {
      pending.delete(timer);
      fork();
    }, decision.restartInMs);
    pending.add(timer);
  });
  const stop = (signal: NodeJS.Signals) => exitCode === undefined && stopAll(0, signal);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let index = 0; index < workers; index += 1) fork();
}
