/**
 * Finds the optional servers and browsers the suites use (PostgreSQL, Redis, Chromium) and decides, once,
 * whether a suite that needs one runs, is skipped with a reason, or fails (CI=true never skips).
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

export const inCI = process.env.CI === 'true';

/** The first executable named `name` on PATH or in `extraDirs`, or undefined. */
export function findExecutable(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** Debian keeps PostgreSQL's server binaries in /usr/lib/postgresql/<version>/bin, off PATH; newest first. */
export function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`);
  } catch {
    return [];
  }
}

/**
 * The `skip` option for a suite that needs something missing: the reason outside CI, undefined in CI
 * (the suite then runs and fails on the missing piece instead of passing silently).
 */
export function skipUnlessAvailable(missingReason: string | undefined): string | undefined {
  if (!missingReason) return undefined;
  return inCI ? undefined : missingReason;
}
