/**
 * The secrets that sign session cookies: SESSION_SECRET when set; in development a random one generated once and
 * kept in the data directory, so sessions survive restarts. (Production refuses to start without SESSION_SECRET.)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export function sessionSecrets(config: Config, log: (message: string) => void): string[] {
  if (config.sessionSecrets) return config.sessionSecrets;
  const file = path.join(config.dataDir, 'session-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return [kept];
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  // Normal outside production (which refuses to start without SESSION_SECRET): a note, not a warning.
  log(
    `session cookies are signed with a secret generated for development in ${file} (production needs SESSION_SECRET)`,
  );
  return [secret];
}
