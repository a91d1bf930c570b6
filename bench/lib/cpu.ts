/**
 * CPU time a server spends per answer: user + system time of its process tree (gunicorn: master + workers) from
 * /proc, across the measured window, divided by the answers given. Unlike req/s it hardly moves when other work
 * shares the machine (a busy machine takes cores away, not work per answer), so it compares builds measured at
 * different times, and kago against the ceiling on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { processTree } from './rss.js';

const TICKS_PER_SECOND = 100; // USER_HZ: `getconf CLK_TCK` on Linux

/** utime + stime of one process in seconds (0 when it is gone). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // fields 14 and 15 of stat(5)
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by the process and its descendants. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + processCpuSeconds(each), 0);
}

/** Starts counting; `stop(answers)` gives microseconds of CPU per answer since the start. */
export function countCpu(pid: number): { stop(answers: number): number } {
  const start = treeCpuSeconds(pid);
  return { stop: (answers) => (answers > 0 ? ((treeCpuSeconds(pid) - start) * 1e6) / answers : 0) };
}
