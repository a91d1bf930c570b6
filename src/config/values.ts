/** How the environment's values are read: durations, flags, rate limits, hosts, locales. Pure. */
import { z } from 'zod';
import type { RateLimit } from './types.js';

export const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `3h` -> 10800000; a bare number is seconds. */
export function durationMs(value: string): number {
  const unit = /[smhd]$/.test(value) ? (value.slice(-1) as keyof typeof UNIT_MS) : 's';
  return Number.parseInt(value, 10) * UNIT_MS[unit];
}

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** `120/1m` -> at most 120 requests a minute per client IP; `off` -> no limit. */
export const rateLimit = z
  .string()
  .regex(/^(off|[1-9][0-9]{0,5}\/[1-9][0-9]*[smhd]?)$/, 'must be <requests>/<window> such as 120/1m, or off')
  .transform((value): RateLimit | null => {
    if (value === 'off') return null; // not undefined: zod would put the default in its place
    const [max, window] = value.split('/') as [string, string];
    return { max: Number(max), windowMs: durationMs(window) };
  });

/** `localhost`, `*.localhost`, 127.0.0.0/8 or [::1]: a name that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(name) ||
    name === '[::1]' ||
    name === '::1'
  );
}

export function hasNoPath(value: string): boolean {
  return !URL.canParse(value) || ['', '/'].includes(new URL(value).pathname); // unparsable: the url check reports it
}

export function isSupportedLocale(value: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf(value).length > 0;
  } catch {
    return false; // not a well-formed language tag
  }
}

/** An empty variable (`PORT=`) means "unset", as in most shells' conventions for .env files. */
export function emptyAsUnset(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
