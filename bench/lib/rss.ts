/**
 * Resident memory of a server, from /proc (Linux): VmRSS of the process and all its descendants (gunicorn's
 * master + workers), sampled every 100 ms while a scenario runs; the peak of those sums is the figure reported.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A field of /proc/<pid>/status in bytes (`VmRSS`, `VmHWM`), or undefined when the process is gone. */
export function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return scanChildren(pid); // kernels without CONFIG_PROC_CHILDREN
  }
}

function scanChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** The process and all its descendants. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all;
}

/** Sum of VmRSS over the process tree, in bytes (0 when the process is gone). */
export function treeRss(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + (statusBytes(each, 'VmRSS') ?? 0), 0);
}

/** Samples treeRss(pid) every `intervalMs` until stopped; stop() returns the peak in bytes. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = treeRss(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRss(pid));
    },
  };
}

export const MB = 1024 * 1024;
