/**
 * CPU time of a process and every process below it, from /proc: for `KAGO_TEST_TIMES`, so a run's report says what
 * its shared servers (Chromium, PostgreSQL, Redis) cost beside the test files. A process's cutime and cstime hold
 * the CPU of the children it has reaped, and live children are counted on their own, so nothing is counted twice.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in seconds (100 clock ticks a second on Linux). */
  cpu: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, ppid 4, utime..cstime 14-17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const field = (index: number) => Number(fields[index - 3]);
    return { pid: Number(pid), ppid: field(4), cpu: (field(14) + field(15) + field(16) + field(17)) / 100 };
  } catch {
    return undefined; // it ended while the list was read
  }
}

/** Seconds of CPU used by `root` and its descendants so far; 0 when it is gone or /proc is not there. */
export function treeCpuSeconds(root: number): number {
  let stats: ProcStat[];
  try {
    stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(readStat)
      .filter((stat) => stat !== undefined);
  } catch {
    return 0;
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  let total = 0;
  const pending = stats.filter((stat) => stat.pid === root);
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    total += stat.cpu;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return total;
}
