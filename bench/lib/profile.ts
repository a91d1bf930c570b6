/**
 * `--cpu-prof`: a summary of a V8 CPU profile written by `node --cpu-prof` (kago's process, one per scenario):
 * where the busy time went (idle excluded), by package or dist/ folder and by function, self time.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/kysely/dist/...` -> `kysely`; `dist/web/x.js` -> `dist/web`; natives by name. */
function owner(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return `dist/${dist[1]}`;
  if (/\/dist\/[^/]+\.js$/.test(url)) return 'dist';
  if (url.startsWith('node:')) return 'node internals';
  return frame.functionName ? `(${frame.functionName.replace(/^\(|\)$/g, '')})` : '(native)';
}

function where(frame: CallFrame): string {
  const url = frame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/(dist\/)/, '$1');
  return `${frame.functionName || '(anonymous)'} ${url ? `${url}:${frame.lineNumber + 1}` : ''}`.trim();
}

const IDLE = new Set(['(idle)', '(program)']);

export function summariseProfile(file: string, top = 8): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    if (IDLE.has(frame.functionName)) return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    byOwner.set(owner(frame), (byOwner.get(owner(frame)) ?? 0) + micros);
    byFunction.set(where(frame), (byFunction.get(where(frame)) ?? 0) + micros);
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / busy).toFixed(1)}% ${name}`)
      .join('; ');
  return `busy ${(busy / 1e6).toFixed(1)} s. Self time by package: ${list(byOwner)}. Top functions: ${list(byFunction)}`;
}
